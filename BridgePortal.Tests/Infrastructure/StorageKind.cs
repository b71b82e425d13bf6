namespace BridgePortal.Tests.Infrastructure;

/// <summary>The two storage modes every storage-touching test runs on.</summary>
public enum StorageKind
{
    Sqlite,
    Postgres,
}

public static class StorageKinds
{
    /// <summary>For <c>[MemberData]</c>: one case per provider.</summary>
    public static TheoryData<StorageKind> Both => new() { StorageKind.Sqlite, StorageKind.Postgres };
}
