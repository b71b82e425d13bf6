namespace BridgePortal.Connectors.AtHoc;

public enum AtHocSyncStatus
{
    Succeeded,
    Failed,
    NoUsers,
}
