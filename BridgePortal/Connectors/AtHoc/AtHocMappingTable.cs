namespace BridgePortal.Connectors.AtHoc;

/// <summary>An AtHoc connection's mapping table as the Mappings page lists it.</summary>
public sealed record AtHocMappingTable(Guid ConnectionId, string Name, bool VerifiesTls, int Count, AtHocMappingSyncState? Sync);
