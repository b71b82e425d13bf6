namespace BridgePortal.Engine;

/// <summary>SQLite: multi-row <c>VALUES</c> statements, no row locks (one writer), the clock passed in.</summary>
internal sealed class SqliteEngineStore : EngineStore
{
    public static readonly SqliteEngineStore Instance = new();

    internal override IIntakeStatements Intake => SqliteIntakeStatements.Instance;

    internal override IOutcomeStatements Outcomes => SqliteOutcomeStatements.Instance;

    internal override string Claim => RecordClaims.Sqlite;

    internal override string RateTurn => RateTurnStatements.Sqlite;

    internal override IDashboardStatements Dashboard => SqliteDashboardStatements.Instance;
}
