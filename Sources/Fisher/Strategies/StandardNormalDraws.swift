#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The standard normal steps of one generation, one row per sample.
///
/// Row i holds `dimension` draws of the stream `(seed, generation, i)`, so it
/// is the same whichever thread or call produces it. Gaussian strategies map
/// the row z to a candidate x = m + σ A z.
///
/// - Complexity: O(count · dimension).
@inlinable
func _standardNormalRows(
  _ streams: RandomStreams, generation: Int, count: Int, dimension: Int
) -> Matrix {
  var z = Matrix(_rows: count, columns: dimension)
  z.elements.withUnsafeMutableBufferPointer { buffer in
    for i in 0..<count {
      var rng = streams.generator(generation: generation, index: i)
      rng.fillNormal(UnsafeMutableBufferPointer(rebasing: buffer[(i * dimension)..<((i + 1) * dimension)]))
    }
  }
  return z
}
