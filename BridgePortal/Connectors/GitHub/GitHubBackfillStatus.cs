namespace BridgePortal.Connectors.GitHub;

public enum GitHubBackfillStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
