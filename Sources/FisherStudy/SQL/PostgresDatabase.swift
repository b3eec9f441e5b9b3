/// A PostgreSQL database, opened for the study store.
public final class PostgresDatabase: SQLDatabase {
  public var dialect: SQLDialect { .postgres }

  public init(_ location: PostgresLocation) async throws {
    throw StudyStoreError.unavailable("PostgreSQL storage (\(location)) is not available in this build")
  }

  public func transaction<T: Sendable>(_ body: @Sendable (SQLTransaction) async throws -> T) async throws -> T {
    throw StudyStoreError.unavailable("PostgreSQL storage is not available in this build")
  }

  public func execute(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
    throw StudyStoreError.unavailable("PostgreSQL storage is not available in this build")
  }

  public func close() async {}
}
