let arguments = Array(CommandLine.arguments.dropFirst())

switch arguments.first {
case "linalg":
  runLinearAlgebraBenchmark(Array(arguments.dropFirst()))
default:
  print("""
    usage: FisherPerf <benchmark> [arguments]
      linalg [n …]   symmetric eigendecomposition and Cholesky (n = 10, 100, 1000), 10⁷ normals
    """)
}
