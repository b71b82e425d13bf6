namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>One XForm for CommCare's receiver holding one record's case block, and the case it writes.</summary>
public sealed record CaseSubmission(string CaseId, string InstanceId, string Xml);
