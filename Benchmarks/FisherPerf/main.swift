let arguments = Array(CommandLine.arguments.dropFirst())

switch arguments.first {
case "cmaes":
  runCMAESBenchmark(Array(arguments.dropFirst()))
case "control":
  runControlBenchmark(Array(arguments.dropFirst()))
case "linalg":
  try runLinearAlgebraBenchmark(Array(arguments.dropFirst()))
case "study":
  await runStudyBenchmark(Array(arguments.dropFirst()))
case "bbob":
  runBBOBBenchmark(Array(arguments.dropFirst()))
case "strategies":
  runStrategiesBenchmark(Array(arguments.dropFirst()))
case "mixed":
  await runMixedIntegerBenchmark(Array(arguments.dropFirst()))
default:
  print("""
    usage: FisherPerf <benchmark> [arguments]
      cmaes evals [seeds] | time [n …]   CMA-ES evaluations to 1e-8 (n = 10) and time per generation
      control [threads] [rounds]   MPPI time per command: pendulum K=1000 T=15 (hand-vectorized and plain), unicycle K=2048 T=56, car K=1024 T=30
      linalg [n …]   symmetric eigendecomposition and Cholesky (n = 10, 100, 1000), 10⁷ normals
      study run URL [workers] [evaluations] [ms]   study-store load: worker processes on one CMA-ES study
      bbob [n …]     bbob f1–f24 evaluations per second (n = 10, 40)
      mixed evals [seeds] [n] | time [n …]   CMA-ES with margin and CatCMA on their papers' problems
      strategies [n …]   one generation of xNES, SNES, CEM, exp-weights, OpenAI-ES (n = 10, 100, 1000)
    """)
}
