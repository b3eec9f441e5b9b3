/// Which part of a Gaussian a moment-matching strategy re-estimates.
public enum CovarianceModel: String, Sendable, Codable, Hashable, CaseIterable {
  /// Only the mean moves; the covariance stays σ²I (MPPI's update).
  case fixed
  /// Per-coordinate variances.
  case diagonal
  /// A full covariance matrix (needs enough effective samples, or smoothing or a floor, to stay positive definite).
  case full
}
