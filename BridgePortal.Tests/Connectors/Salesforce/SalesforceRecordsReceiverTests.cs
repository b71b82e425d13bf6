using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Connectors.CommCare.Cases;
using BridgePortal.Data.Model;
using Microsoft.Extensions.Primitives;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.Salesforce;

public sealed class SalesforceRecordsReceiverTests
{
    private const string Secret = "sf-shared-secret-42";
    private static readonly Bridge Bridge = new()
    {
        OwnerId = "owner",
        Name = "sf → cc",
        Key = "key",
        IngestTokenHash = "hash",
        SourceKind = SalesforceRecordsReceiver.SourceKind,
        SinkKind = CommCareCaseSink.SinkKind,
    };

    private readonly SalesforceRecordsReceiver receiver = new();

    private WebhookVerdict Receive(string body, string? authorization = "Bearer " + Secret, Dictionary<string, string>? settings = null, string? contentType = "application/json", string? secret = Secret)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }

        if (settings?.GetValueOrDefault("header") is { } header)
        {
            headers[header] = settings["headerValue"];
        }

        var secrets = secret is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [SalesforceRecordsSettings.Secret] = secret };
        return receiver.Receive(new WebhookRequest(Encoding.UTF8.GetBytes(body), contentType, headers, new Dictionary<string, StringValues>()),
            new SourceContext(Bridge, null, settings ?? [], secrets));
    }

    [Fact]
    public void An_array_a_records_envelope_and_a_single_record_all_give_type_and_id_natural_ids_with_the_type_as_module()
    {
        var participant = SalesforcePayloads.Participant(1);
        var group = SalesforcePayloads.TrainingGroup(1);
        var array = new JsonArray(participant.DeepClone(), group.DeepClone()).ToJsonString();
        var envelope = new JsonObject { ["totalSize"] = 2, ["done"] = true, ["records"] = new JsonArray(participant.DeepClone(), group.DeepClone()) }.ToJsonString();

        foreach (var body in new[] { array, envelope })
        {
            var records = Assert.IsType<WebhookVerdict.Accepted>(Receive(body)).Records;
            Assert.Equal([$"Participant__c:{SalesforcePayloads.Id("a0P", 1)}", $"Training_Group__c:{SalesforcePayloads.Id("a0G", 1)}"], records.Select(r => r.NaturalId));
            Assert.Equal(["Participant__c", "Training_Group__c"], records.Select(r => r.Module));
            Assert.Equal("Amina", JsonNode.Parse(records[0].Payload)!["First_Name__c"]!.GetValue<string>());
        }

        var single = Assert.IsType<WebhookVerdict.Accepted>(Receive(participant.ToJsonString())).Records;
        Assert.Equal($"Participant__c:{SalesforcePayloads.Id("a0P", 1)}", Assert.Single(single).NaturalId);
        var fifteen = participant.DeepClone().AsObject();
        fifteen["Id"] = SalesforcePayloads.Id("a0P", 1)[..15];
        Assert.Equal(single[0].NaturalId, Assert.Single(Assert.IsType<WebhookVerdict.Accepted>(Receive(fifteen.ToJsonString())).Records).NaturalId);
        Assert.IsType<WebhookVerdict.Ignored>(Receive("{\"totalSize\":0,\"done\":true,\"records\":[]}"));
    }

    [Fact]
    public void The_secret_is_needed_as_bearer_token_or_in_the_configured_header()
    {
        var body = SalesforcePayloads.Participant(1).ToJsonString();

        Assert.Equal(401, Assert.IsType<WebhookVerdict.Rejected>(Receive(body, authorization: null)).Status);
        Assert.Equal(401, Assert.IsType<WebhookVerdict.Rejected>(Receive(body, authorization: "Bearer " + Secret + "x")).Status);
        Assert.Contains("no shared secret set", Assert.IsType<WebhookVerdict.Rejected>(Receive(body, secret: null)).Detail);
        Assert.IsType<WebhookVerdict.Accepted>(Receive(body, authorization: null,
            settings: new() { ["header"] = SalesforceRecordsSettings.DefaultSecretHeader, ["headerValue"] = Secret }));
        Assert.IsType<WebhookVerdict.Accepted>(Receive(body, authorization: null,
            settings: new() { [SalesforceRecordsSettings.SecretHeader] = "X-Sf-Token", ["header"] = "X-Sf-Token", ["headerValue"] = Secret }));
        Assert.Contains("'X-Sf-Token: <secret>'", Assert.IsType<WebhookVerdict.Rejected>(Receive(body, authorization: null,
            settings: new() { [SalesforceRecordsSettings.SecretHeader] = "X-Sf-Token", ["header"] = "X-Sf-Token", ["headerValue"] = "nope" })).Detail);
    }

    [Theory]
    [InlineData("[{\"attributes\":{\"type\":\"Participant__c\"},\"Id\":\"a0P5g0000000001AAA\"", 400, "Malformed JSON")]
    [InlineData("\"records\"", 400, "The body must be a JSON array of Salesforce records")]
    [InlineData("[VALID, {\"Id\":\"a0P5g0000000002\"}]", 400, "Record 1 has no attributes.type")]
    [InlineData("[VALID, VALID, {\"attributes\":{\"type\":\"Participant__c\"}}]", 400, "Record 2 has no Id")]
    [InlineData("[{\"attributes\":{\"type\":\"Participant__c\"},\"Id\":\"P-123\"}]", 400, "Record 0 has an Id 'P-123' that is not a Salesforce record id")]
    [InlineData("[VALID, 7]", 400, "Record 1 is not a JSON object")]
    public void Bad_bodies_are_refused_whole_naming_the_bad_record(string body, int status, string expected)
    {
        body = body.Replace("VALID", SalesforcePayloads.Participant(1).ToJsonString(), StringComparison.Ordinal);

        var rejected = Assert.IsType<WebhookVerdict.Rejected>(Receive(body));

        Assert.Equal(status, rejected.Status);
        Assert.Contains(expected, rejected.Title + ": " + rejected.Detail);
    }

    [Fact]
    public void A_bridge_restricted_to_object_types_refuses_others_and_xml_is_not_json()
    {
        var settings = new Dictionary<string, string> { [SalesforceRecordsSettings.ObjectTypes] = "Participant__c, Training_Group__c" };
        var body = new JsonArray(SalesforcePayloads.Participant(1), SalesforcePayloads.TrainingSession(1)).ToJsonString();

        var rejected = Assert.IsType<WebhookVerdict.Rejected>(Receive(body, settings: settings));
        Assert.Equal(400, rejected.Status);
        Assert.Equal("Record 1 is a 'Training_Session__c'; this bridge accepts only Participant__c, Training_Group__c. Nothing was stored.", rejected.Detail);
        Assert.IsType<WebhookVerdict.Accepted>(Receive(SalesforcePayloads.Participant(1).ToJsonString(), settings: settings));

        var soap = Assert.IsType<WebhookVerdict.Rejected>(Receive("<soapenv:Envelope/>", contentType: "text/xml"));
        Assert.Equal(415, soap.Status);
        Assert.Contains("Outbound Messages (SOAP) are not supported", soap.Detail);
    }
}
