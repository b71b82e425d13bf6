using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.CommCare.Cases;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// Salesforce records pushed to <c>/hooks/{key}</c> (a Flow HTTP callout, Apex, or a REST/composite response relayed
/// as it is): a JSON array of records, <c>{"records":[…]}</c>, or one record. Each record's natural id is
/// <c>{type}:{Id}</c> and its module the object type. A request is all or nothing: one bad record refuses the
/// whole request with its index, so a sender's retry never half-repeats a batch.
/// </summary>
public sealed partial class SalesforceRecordsReceiver : IWebhookReceiver
{
    public const string SourceKind = "SalesforceRecords";

    public static readonly SourceKind Source = new(
        SourceKind,
        "Salesforce records (JSON push)",
        null,
        [
            new(SalesforceRecordsSettings.Secret, "Shared secret", Secret: true, Required: true,
                Help: "Salesforce sends it as 'Authorization: Bearer <secret>' or in the header below; encrypted, never shown back"),
            new(SalesforceRecordsSettings.SecretHeader, "Secret header",
                Help: $"Header that may carry the secret instead of Authorization (default {SalesforceRecordsSettings.DefaultSecretHeader})"),
            new(SalesforceRecordsSettings.ObjectTypes, "Object types",
                Help: "Comma-separated object API names this bridge accepts, e.g. Participant__c, Training_Group__c; empty accepts any"),
        ]);

    public string Kind => SourceKind;

    /// <summary>An Apex callout's request is at most 6 MB (synchronous) or 12 MB (asynchronous Apex), per Salesforce's governor limits.</summary>
    public long DefaultMaxBodyBytes => 12 * BodyLimits.MiB;

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context)
    {
        if (context.Secret(SalesforceRecordsSettings.Secret) is not { } secret)
        {
            return WebhookVerdict.Reject(401, "Unauthorized", "This bridge has no shared secret set: edit the bridge and set it, so senders can be verified.");
        }

        var header = context.Setting(SalesforceRecordsSettings.SecretHeader)?.Trim() ?? SalesforceRecordsSettings.DefaultSecretHeader;
        if (!WebhookAuth.BearerMatches(request.Header("Authorization"), secret) && !Matches(request.Header(header), secret))
        {
            return WebhookVerdict.Reject(401, "Unauthorized", $"Missing or wrong secret: send 'Authorization: Bearer <secret>' or '{header}: <secret>'.", "Bearer");
        }

        if (request.MediaType is not null && !request.IsJson)
        {
            return WebhookVerdict.Reject(415, "Unsupported content type",
                $"Send records as JSON (got '{request.ContentType}'). Outbound Messages (SOAP) are not supported: use a Flow HTTP callout or Apex with a JSON body.");
        }

        if (request.ParseJson(out var root) is { } malformed)
        {
            return malformed;
        }

        var items = root switch
        {
            JsonArray a => a,
            JsonObject o when o["records"] is JsonArray a => a,
            JsonObject o when o.ContainsKey("attributes") => new JsonArray(o.DeepClone()),
            _ => null,
        };
        if (items is null)
        {
            return WebhookVerdict.Reject(400, "Not Salesforce records",
                "The body must be a JSON array of Salesforce records, an object with a 'records' array (as the REST API answers), or one record.");
        }

        if (items.Count == 0)
        {
            return WebhookVerdict.Ignore("No records in the body: nothing stored.");
        }

        var allowed = AllowedTypes(context);
        var records = new List<InboundRecord>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            SalesforceRecord record;
            try
            {
                record = SalesforceRecord.From(items[index]);
            }
            catch (FormatException e)
            {
                return WebhookVerdict.Reject(400, "Invalid record", $"Record {index} {e.Message}. Nothing was stored: fix it and send the request again.");
            }

            if (allowed is not null && !allowed.Contains(record.Type))
            {
                return WebhookVerdict.Reject(400, "Unknown object type",
                    $"Record {index} is a '{record.Type}'; this bridge accepts only {string.Join(", ", allowed.Order(StringComparer.Ordinal))}. Nothing was stored.");
            }

            records.Add(new InboundRecord(record.NaturalId, items[index]!.ToJsonString(), record.Type));
        }

        return WebhookVerdict.Accept(records);
    }

    private static HashSet<string>? AllowedTypes(SourceContext context) =>
        context.Setting(SalesforceRecordsSettings.ObjectTypes) is { } list
            ? list.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : null;

    private static bool Matches(string? given, string secret) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.Trim()), Encoding.UTF8.GetBytes(secret));
}
