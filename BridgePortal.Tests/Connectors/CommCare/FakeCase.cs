namespace BridgePortal.Tests.Connectors.CommCare;

/// <summary>A case as the fake holds it.</summary>
public sealed record FakeCase(string CaseId, string CaseType, string Name, string OwnerId, Dictionary<string, string> Properties, Dictionary<string, FakeCaseIndex> Indices, int Submissions = 0);

public sealed record FakeCaseIndex(string CaseType, string CaseId, string Relationship);
