using System.Text.Json.Nodes;
using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

/// <summary>
/// What a KoboToolbox REST Service posts: one submission as JSON (the data API's shape, <c>_id</c> included),
/// optionally with HTTP basic auth. The same natural id (<c>_id</c>) and canonical payload as polling, so a bridge may
/// use both without duplicates, and a re-sent edited submission (new <c>_uuid</c>, same <c>_id</c>) is an update.
/// </summary>
public sealed partial class KoboWebhookReceiver : IWebhookReceiver
{
    public string Kind => KoboSource.SourceKind;

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context)
    {
        if (context.Setting(KoboSettings.WebhookUsername) is { } username
            && !WebhookAuth.BasicMatches(request.Header("Authorization"), username, context.Secret(KoboSettings.WebhookPassword) ?? ""))
        {
            return WebhookVerdict.Reject(401, "Unauthorized", "Missing or wrong HTTP basic credentials for this bridge's Kobo REST service.", WebhookAuth.BasicChallenge);
        }

        if (!request.IsJson)
        {
            return WebhookVerdict.Reject(415, "Unsupported content type",
                $"Send the submission as JSON (got '{request.ContentType ?? "none"}'): set the Kobo REST service's type to JSON.");
        }

        if (request.ParseJson(out var root) is { } malformed)
        {
            return malformed;
        }

        var submissions = root switch
        {
            JsonObject o => [o],
            JsonArray a when a.All(n => n is JsonObject) && a.Count > 0 => a.Cast<JsonObject>().ToList(),
            _ => null,
        };
        if (submissions is null)
        {
            return WebhookVerdict.Reject(400, "Not a submission", "The body must be a Kobo submission (a JSON object), or an array of them.");
        }

        var records = new List<InboundRecord>(submissions.Count);
        foreach (var submission in submissions)
        {
            try
            {
                records.Add(KoboSubmission.ToRecord(submission));
            }
            catch (FormatException e)
            {
                return WebhookVerdict.Reject(400, "Not a submission", e.Message + " If the REST service sends a subset of fields, add _id to them.");
            }
        }

        return WebhookVerdict.Accept(records);
    }
}
