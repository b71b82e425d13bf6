using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>One Salesforce record a form produces: the step it belongs to, its external id and the record as sent.</summary>
public sealed record MappedStep(string Name, string Object, string ExternalIdField, string ExternalId, JsonObject Record, IReadOnlyList<string> DependsOn);
