import ArgumentParser
import Fisher
import FisherDashboard
import FisherStudy
import Foundation

/// A failure of the run itself rather than of its input: an output that cannot
/// be written, an objective that failed for every candidate. Exits with status 1.
struct RuntimeFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The exit statuses of `fisher`, documented in `fisher --help` and README.
enum ExitStatus {
  /// 2: invalid arguments or input.
  static let invalidInput: Int32 = 2
  /// 1: a runtime failure that is not the user's input.
  static let runtimeFailure: Int32 = 1
  /// 130: interrupted (Ctrl-C or SIGTERM).
  static let interrupted: Int32 = 130

  /// The status for an error thrown by a command.
  static func status(for error: any Error) -> Int32 {
    switch error {
    case is RuntimeFailure, is StudyWorkerError, is DashboardError:
      return runtimeFailure
    case FisherError.noFeasibleRollout:
      // A planner whose every rollout broke a hard constraint: the run failed, the input was valid.
      return runtimeFailure
    case let e as StudyStoreError:
      if case .schemaTooNew = e { return invalidInput }
      return runtimeFailure
    case is CancellationError:
      return interrupted
    case let e as CocoaError:
      // A file the user named that cannot be read is input; anything else is the run's own I/O.
      return e.code == .fileReadNoSuchFile || e.code == .fileReadCorruptFile ? invalidInput : runtimeFailure
    default:
      return invalidInput
    }
  }

  /// The one-line message for an error: the first line of its description,
  /// with parser prefixes and Foundation's debug dumps left out.
  static func message(for error: any Error, parserMessage: String) -> String {
    var text: String
    switch error {
    case let e as DecodingError: text = describeDecodingFailure(e)
    case let e as FisherError: text = e.description
    case let e as RuntimeFailure: text = e.description
    case let e as StudyStoreError: text = e.description
    case let e as StudyWorkerError: text = e.description
    case let e as DashboardError: text = e.description
    case is CancellationError: text = "interrupted"
    case let e as CocoaError:
      let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? e.underlying.map { "\($0)" } ?? ""
      text = "\(describe(e.code))\(path.isEmpty ? "" : ": \(path)")"
    default: text = parserMessage
    }
    if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
    let line = text.split(separator: "\n").first.map(String.init) ?? "error"
    return line.isEmpty ? "error" : line
  }

  private static func describe(_ code: CocoaError.Code) -> String {
    switch code {
    case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
    case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
    case .fileWriteOutOfSpace: return "no space left on the device"
    case .fileWriteFileExists: return "a file is in the way"
    case .fileReadCorruptFile: return "the file cannot be read"
    default: return "file error \(code.rawValue)"
    }
  }
}

extension CocoaError {
  fileprivate var underlying: (any Error)? { userInfo[NSUnderlyingErrorKey] as? any Error }
}
