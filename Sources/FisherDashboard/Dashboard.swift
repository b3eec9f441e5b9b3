import Fisher
import FisherStudy
import Foundation
import Hummingbird
import Logging
import NIOCore

/// A read-only web view of every study in a store: `fisher study dashboard`.
///
/// The server reads the store through a ``FisherStudy/StudyReader`` (it
/// cannot write), renders pages on the server with inline SVG, and updates
/// open pages by polling its JSON API for what changed. It binds to
/// 127.0.0.1 unless told otherwise. See ``DashboardRouter`` for the routes.
public struct Dashboard: Sendable {
  public var storage: StorageURL
  public var host: String
  /// The TCP port; 0 lets the system choose a free one.
  public var port: Int

  public init(storage: StorageURL, host: String = "127.0.0.1", port: Int = 8321) {
    self.storage = storage
    self.host = host
    self.port = port
  }

  /// Checks that the store can be read, then serves until SIGINT or SIGTERM.
  ///
  /// - Parameter listening: called with the bound address's port once the
  ///   server accepts connections.
  /// - Throws: `FisherStudy/StudyStoreError` when the store cannot be read at
  ///   start (later failures are shown on the pages instead), or the server's
  ///   error when it cannot bind.
  public func run(listening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
    let reader = try await storage.openReader()
    await reader.close()
    var logger = Logger(label: "fisher.dashboard")
    logger.logLevel = .warning
    let app = Application(
      router: DashboardRouter.make(storage: storage, warmUp: true),
      configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in listening(channel.localAddress?.port ?? 0) },
      logger: logger)
    do {
      try await app.runService()
    } catch is SocketAddressError.UnknownHost {
      throw FisherError.invalidParameter(name: "host", reason: "cannot resolve '\(host)'")
    } catch let error as SocketAddressError {
      throw FisherError.invalidParameter(name: "host", reason: "cannot resolve '\(host)': \(Self.reason(error))")
    } catch let error as IOError {
      throw DashboardError.cannotListen(host: host, port: port, reason: error.description)
    }
  }

  /// What went wrong with an address, without the error's type name.
  static func reason(_ error: SocketAddressError) -> String {
    switch error {
    case .unknown: return "unknown host"
    case .unsupported: return "unsupported address family"
    case .unixDomainSocketPathTooLong: return "path too long"
    case .failedToParseIPString(let text): return "not an IP address: \(text)"
    }
  }
}

/// A failure of the server at run time (exit status 1 on the command line).
public enum DashboardError: Error, CustomStringConvertible, Sendable {
  /// The address could not be bound (in use, not on this machine, not permitted).
  case cannotListen(host: String, port: Int, reason: String)

  public var description: String {
    switch self {
    case .cannotListen(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
    }
  }
}
