/// A parameterized family of sampling distributions p_θ, the object the
/// natural-gradient view of sampling-based optimization optimizes over.
///
/// A strategy minimizes J(θ) = E_{p_θ}[f(x)] over the parameters θ, a flat
/// vector of ``parameterCount`` numbers. Everything it needs from the family is
/// here:
///
/// - the score ∇θ log p_θ(x), which turns samples and their fitness into the
///   score-function gradient ∇J = E[f(x) ∇θ log p_θ(x)];
/// - the Fisher information F(θ) = E[∇log p ∇log pᵀ] = −E[∇²θ log p], in
///   closed form, the metric of the natural-gradient step δθ = −α F⁻¹ ∇J;
/// - the natural gradient F⁻¹ g itself, in closed form where the family has one;
/// - the KL divergence between two members, whose second-order expansion is
///   KL(p_θ ‖ p_{θ+δ}) = ½ δᵀ F δ + O(‖δ‖³).
///
/// Each family documents its parameterization, because F depends on it.
/// Members are values: ``with(parameters:)`` returns the member at another θ.
///
///     let p = try DiagonalGaussian(mean: [0, 0], sigmas: [1, 2])
///     var rng = RandomStreams(seed: 1).generator(generation: 0, index: 0)
///     let x = p.sample(using: &rng)
///     let s = try p.score(x)                  // ∇θ log p(x), θ = (m, log σ)
///     let d = try p.naturalGradient(s)        // F⁻¹ s
public protocol SearchDistribution: Sendable, Codable {
  /// n, the dimension of a sample x.
  var dimension: Int { get }
  /// The length of θ.
  var parameterCount: Int { get }
  /// θ, in the family's documented order.
  var parameters: [Double] { get }
  /// The member of the same family (same fixed structure) at `parameters`.
  ///
  /// - Throws: ``FisherError`` when the count is wrong or a value is outside
  ///   the family's parameter space (non-finite, a non-positive scale, …).
  func with(parameters: [Double]) throws -> Self
  /// One sample x ∼ p_θ.
  func sample(using generator: inout some RandomNumberGenerator) -> [Double]
  /// log p_θ(x) (a density for continuous families, a probability mass for discrete ones).
  func logDensity(_ x: [Double]) throws -> Double
  /// The score ∇θ log p_θ(x), of length ``parameterCount``.
  func score(_ x: [Double]) throws -> [Double]
  /// ∇²θ log p_θ(x), the ``parameterCount``² Hessian of the log density in θ.
  func logDensityHessian(_ x: [Double]) throws -> Matrix
  /// The exact Fisher information F(θ) = E[∇log p ∇log pᵀ] = −E[∇² log p].
  func fisherInformation() throws -> Matrix
  /// F(θ)⁻¹ g, the natural gradient of a Euclidean gradient `g`.
  func naturalGradient(_ gradient: [Double]) throws -> [Double]
  /// KL(self ‖ other) = E_self[log p_self − log p_other].
  ///
  /// - Throws: ``FisherError`` when `other` has a different structure
  ///   (dimension, category counts, …).
  func kullbackLeibler(to other: Self) throws -> Double
}

extension SearchDistribution {
  /// `count` samples, one per row of a `count × dimension` matrix.
  ///
  /// All samples are drawn from the one `generator`, in row order.
  ///
  /// - Throws: ``FisherError/invalidParameter(name:reason:)`` for a negative
  ///   count, ``FisherError/insufficientMemory(_:)`` when the matrix would not fit.
  public func sample(count: Int, using generator: inout some RandomNumberGenerator) throws -> Matrix {
    let n = dimension
    var m = try Matrix(rows: count, columns: n)
    for i in 0..<count {
      let x = sample(using: &generator)
      for j in 0..<n { m.elements[i * n + j] = x[j] }
    }
    return m
  }

  /// The scores of the rows of `samples`, one per row (`samples.rows × parameterCount`).
  ///
  /// - Throws: ``FisherError/dimensionMismatch(_:)`` when `samples.columns ≠ dimension`.
  public func scores(_ samples: Matrix) throws -> Matrix {
    guard samples.columns == dimension else {
      throw FisherError.dimensionMismatch("samples have \(samples.columns) columns, the distribution has dimension \(dimension)")
    }
    let p = parameterCount
    var out = try Matrix(rows: samples.rows, columns: p)
    for i in 0..<samples.rows {
      let s = try score(samples._row(i))
      for k in 0..<p { out.elements[i * p + k] = s[k] }
    }
    return out
  }

  /// The same family at θ + `step`.
  public func moved(by step: [Double]) throws -> Self {
    guard step.count == parameterCount else {
      throw FisherError.dimensionMismatch("a step of length \(step.count) for \(parameterCount) parameters")
    }
    let theta = parameters
    return try with(parameters: (0..<theta.count).map { theta[$0] + step[$0] })
  }
}

/// A Gaussian search distribution N(m, Σ) sampled as x = m + A z, z ∼ N(0, I),
/// with A Aᵀ = Σ. The mean m is always the first n entries of θ.
public protocol GaussianSearchDistribution: SearchDistribution {
  /// m.
  var mean: [Double] { get }
  /// Σ.
  var covariance: Matrix { get throws }
  /// x = m + A z: maps a standard normal vector to a sample.
  func transform(_ z: [Double]) -> [Double]
}

extension GaussianSearchDistribution {
  public func sample(using generator: inout some RandomNumberGenerator) -> [Double] {
    var z = [Double](repeating: 0, count: dimension)
    for i in 0..<dimension { z[i] = generator.nextNormal() }
    return transform(z)
  }
}

// MARK: - Input checks shared by the families

/// Throws unless `x` has `count` entries, all finite.
@usableFromInline
func _checkVector(_ x: [Double], count: Int, _ what: String) throws {
  guard x.count == count else {
    throw FisherError.dimensionMismatch("\(what) has length \(x.count), expected \(count)")
  }
  if let i = x.firstIndex(where: { !$0.isFinite }) {
    throw FisherError.nonFinite("\(what)[\(i)] = \(x[i])")
  }
}

/// Throws unless `other` has the same dimension as `dimension`.
@usableFromInline
func _checkSameDimension(_ dimension: Int, _ other: Int) throws {
  guard dimension == other else {
    throw FisherError.dimensionMismatch("KL divergence between dimensions \(dimension) and \(other)")
  }
}

/// ½ n log 2π.
@usableFromInline
func _halfLogTwoPi(_ n: Int) -> Double { 0.918_938_533_204_672_741_78 * Double(n) }
