import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The built `fisher` executable, found next to the test bundle.
let fisherExecutable: URL? = {
  let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
  for c in candidates.compactMap({ $0 }) {
    var dir = c.deletingLastPathComponent()
    for _ in 0..<4 {
      let f = dir.appendingPathComponent("fisher")
      if FileManager.default.isExecutableFile(atPath: f.path) { return f }
      dir = dir.deletingLastPathComponent()
    }
  }
  return nil
}()

/// Runs `fisher` to completion and returns its exit status and output.
func runFisher(_ arguments: [String], environment: [String: String]? = nil) throws -> (
  status: Int32, stdout: String, stderr: String
) {
  let p = try startFisher(arguments, environment: environment)
  let out = p.output.fileHandleForReading.readDataToEndOfFile()
  let err = p.errors.fileHandleForReading.readDataToEndOfFile()
  p.process.waitUntilExit()
  return (p.process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

struct FisherChild {
  var process: Process
  var output: Pipe
  var errors: Pipe
  var pid: pid_t { process.processIdentifier }
}

/// Starts `fisher` in the background with stdin closed.
func startFisher(_ arguments: [String], environment: [String: String]? = nil) throws -> FisherChild {
  guard let executable = fisherExecutable else {
    throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the fisher executable was not built"])
  }
  let p = Process()
  p.executableURL = executable
  p.arguments = arguments
  if let environment { p.environment = environment }
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  p.standardInput = FileHandle.nullDevice
  try p.run()
  return FisherChild(process: p, output: out, errors: err)
}

/// An objective script: sleeps (`sleep` seconds, or `$SPHERE_SLEEP` when the
/// worker's environment sets it), then prints Σ xᵢ² summed left to right with
/// round-trip precision (the same operations as `sphere`, so the values agree
/// bit for bit with an in-process evaluation).
func writeSphereScript(in folder: String, sleep: Double) throws -> String {
  let path = folder + "/sphere.sh"
  let script = """
    #!/bin/sh
    sleep ${SPHERE_SLEEP:-\(sleep)}
    tr -d '[] \\n' | awk -F, '{ s = 0; for (i = 1; i <= NF; i++) s += $i * $i; printf "%.17g\\n", s }'

    """
  try script.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}
