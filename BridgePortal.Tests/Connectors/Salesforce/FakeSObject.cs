using System.Text.Json;
using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>One record the fake org holds: its Salesforce id and its fields (lookups resolved to parent ids).</summary>
public sealed record FakeSObject(string Id, string Object, JsonObject Fields)
{
    public string? this[string field] => Fields[field] is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
}
