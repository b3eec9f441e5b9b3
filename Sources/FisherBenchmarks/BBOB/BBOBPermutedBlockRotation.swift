import Foundation

/// The permuted block-diagonal rotation of COCO's bbob-largescale functions,
/// z = P₂ B P₁ x.
///
/// B is block-diagonal with blocks of s = min(n, 40) coordinates (the last block
/// takes the rest); block k is `bbob2009_compute_rotation` of seed
/// `seed + 10⁶·k`. P₁ and P₂ are COCO's truncated uniform swap permutations
/// (`coco_compute_truncated_uniform_swap_permutation`), applied as
/// `y_i = x_{P(i)}`: the identity for n ≤ 40, otherwise n swaps of coordinates
/// at most ⌊n/3⌋ apart.
///
/// - Complexity: O(n·s) per application, O(n·s²) to build.
struct BBOBPermutedBlockRotation: Sendable {
  /// The block matrices, each row-major, one after the other.
  let blocks: [Double]
  /// The first coordinate of every block, then n.
  let blockStarts: [Int]

  /// The block-diagonal rotation of `dimension` coordinates from seed `seed`.
  init(seed: Int, dimension n: Int) {
    let size = Self.blockSize(dimension: n)
    var starts = Array(stride(from: 0, to: n, by: size))
    starts.append(n)
    var blocks = [Double]()
    for k in 0..<(starts.count - 1) {
      blocks += BBOBLegacyRandom.rotation(seed: seed + 1_000_000 * k, dimension: starts[k + 1] - starts[k])
    }
    self.blocks = blocks
    blockStarts = starts
  }

  /// `coco_rotation_matrix_block_size`: min(n, 40).
  static func blockSize(dimension n: Int) -> Int { Swift.min(n, 40) }

  /// y = B x, each row summed left to right as COCO's `transform_vars_blockrotation` does.
  func apply(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
    var offset = 0
    for k in 0..<(blockStarts.count - 1) {
      let start = blockStarts[k], size = blockStarts[k + 1] - start
      for r in 0..<size {
        var s = 0.0
        for c in 0..<size { s += blocks[offset + r * size + c] * x[start + c] }
        y[start + r] = s
      }
      offset += size * size
    }
  }

  /// The entry B[row][column] (0 outside the blocks).
  func entry(_ row: Int, _ column: Int) -> Double {
    var offset = 0
    for k in 0..<(blockStarts.count - 1) {
      let start = blockStarts[k], size = blockStarts[k + 1] - start
      if row < start + size {
        guard (start..<(start + size)).contains(column) else { return 0 }
        return blocks[offset + (row - start) * size + (column - start)]
      }
      offset += size * size
    }
    return 0
  }

  /// `coco_compute_truncated_uniform_swap_permutation(P, seed, n, n, n/3)`.
  ///
  /// The identity for n ≤ 40. Otherwise n uniform numbers of `seed` order the
  /// coordinates; the k-th coordinate c in that order is swapped with a coordinate
  /// drawn uniformly among those at most ⌊n/3⌋ away (c excluded), the draw being
  /// the first uniform number of seed `seed + 1000(k + 1)`.
  static func swapPermutation(seed: Int, dimension n: Int) -> [Int] {
    var p = Array(0..<n)
    guard n > 40 else { return p }
    let range = n / 3
    let order = _BBOB.sortedIndices(BBOBLegacyRandom.uniform(count: n, seed: seed))
    for k in 0..<n {
      let first = order[k]
      let lower = first < range ? 0 : first - range
      let upper = first + range > n - 1 ? n - 1 : first + range
      let u = BBOBLegacyRandom.firstUniform(seed: seed + (1 + k) * 1000)
      var second = Int(u * Double(upper - lower)) + lower
      if second >= first { second += 1 }
      p.swapAt(first, second)
    }
    return p
  }
}
