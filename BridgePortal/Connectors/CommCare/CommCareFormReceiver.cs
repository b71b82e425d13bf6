using System.Text.Json.Nodes;
using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CommCare;

/// <summary>
/// What CommCare's data forwarding (form repeater) posts: one form as JSON, with basic, bearer or no auth. The
/// natural id is the form's id, so CommCare's re-sends (it retries every non-2xx) never duplicate a record; the
/// record's module is the form type (xmlns), which sinks route by.
/// </summary>
public sealed partial class CommCareFormReceiver : IWebhookReceiver
{
    public const string SourceKind = "CommCareForms";

    public string Kind => SourceKind;

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context)
    {
        var authorization = request.Header("Authorization");
        if (context.Setting(CommCareSettings.WebhookUsername) is { } username
            && !WebhookAuth.BasicMatches(authorization, username, context.Secret(CommCareSettings.WebhookPassword) ?? ""))
        {
            return WebhookVerdict.Reject(401, "Unauthorized", "Missing or wrong HTTP basic credentials for this bridge's CommCare data forwarder.", WebhookAuth.BasicChallenge);
        }

        if (context.Secret(CommCareSettings.WebhookToken) is { } token && !WebhookAuth.BearerMatches(authorization, token))
        {
            return WebhookVerdict.Reject(401, "Unauthorized", "Missing or wrong bearer token for this bridge's CommCare data forwarder.", "Bearer");
        }

        if (!request.IsJson)
        {
            return WebhookVerdict.Reject(415, "Unsupported content type",
                $"Send forms as JSON (got '{request.ContentType ?? "none"}'): set the CommCare data forwarder's payload format to JSON.");
        }

        if (request.ParseJson(out var root) is { } malformed)
        {
            return malformed;
        }

        if (root is not JsonObject o)
        {
            return WebhookVerdict.Reject(400, "Not a form", "The body must be one CommCare form (a JSON object).");
        }

        try
        {
            var form = CommCareForm.Parse(o);
            return WebhookVerdict.Accept([new InboundRecord(form.Id, o.ToJsonString(), form.FormType.Length <= 200 ? form.FormType : form.FormType[..200])]);
        }
        catch (FormatException e)
        {
            return WebhookVerdict.Reject(400, "Not a form", e.Message);
        }
    }
}
