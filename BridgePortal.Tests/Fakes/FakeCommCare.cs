using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for CommCare HQ: <c>Authorization: ApiKey user:key</c> (else 401),
/// one project space (else 404), the Form API v0.5 with limit/offset pagination and xmlns filter, and the XForm
/// receiver that parses the submitted case blocks (malformed XML → 400, like HQ) and keeps them.
/// </summary>
public sealed class FakeCommCare : IAsyncDisposable
{
    private const string CaseXmlns = "http://commcarehq.org/case/transaction/v2";
    private readonly ConcurrentQueue<JsonObject> forms = new();
    private readonly ConcurrentQueue<XElement> caseBlocks = new();
    private readonly ConcurrentQueue<string> submissions = new();
    private WebApplication app = default!;

    public string Domain { get; init; } = CommCarePayloads.Domain;

    public string Username { get; init; } = "integration@example.org";

    public string ApiKey { get; init; } = "cc-api-key-0123456789abcdef";

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>Every case block the receiver accepted, in order.</summary>
    public IReadOnlyList<XElement> CaseBlocks => [.. caseBlocks];

    /// <summary>Every raw XForm the receiver accepted.</summary>
    public IReadOnlyList<string> Submissions => [.. submissions];

    public static async Task<FakeCommCare> StartAsync(string? domain = null)
    {
        var fake = new FakeCommCare { Domain = domain ?? CommCarePayloads.Domain };
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a/{domain}/api/v0.5/form/", fake.ListForms);
            app.MapPost("/a/{domain}/receiver/", fake.ReceiveAsync);
        });
        return fake;
    }

    /// <summary>Makes a form visible in the Form API.</summary>
    public void AddForm(JsonObject form) => forms.Enqueue(form);

    private IResult ListForms(HttpContext http, string domain)
    {
        if (Refusal(http, domain) is { } refusal)
        {
            return refusal;
        }

        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 20;
        var offset = int.TryParse(query["offset"], out var o) ? Math.Max(0, o) : 0;
        var xmlns = query["xmlns"].FirstOrDefault();
        var matching = forms.Where(f => xmlns is null || f["form"]?["@xmlns"]?.GetValue<string>() == xmlns).ToList();
        var page = matching.Skip(offset).Take(limit).Select(f => f.DeepClone()).ToArray();
        var next = offset + limit < matching.Count
            ? string.Create(CultureInfo.InvariantCulture, $"?limit={limit}&offset={offset + limit}{(xmlns is null ? "" : "&xmlns=" + Uri.EscapeDataString(xmlns))}")
            : null;
        return Results.Json(new JsonObject
        {
            ["meta"] = new JsonObject { ["limit"] = limit, ["offset"] = offset, ["total_count"] = matching.Count, ["next"] = next, ["previous"] = null },
            ["objects"] = new JsonArray(page),
        });
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, string domain)
    {
        if (Refusal(http, domain) is { } refusal)
        {
            return refusal;
        }

        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        XDocument xml;
        try
        {
            xml = XDocument.Parse(body);
        }
        catch (System.Xml.XmlException e)
        {
            return Results.Text($"<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"processing_failure\">Invalid XML: {e.Message}</message></OpenRosaResponse>",
                "text/xml", statusCode: 400);
        }

        var blocks = xml.Descendants(XName.Get("case", CaseXmlns)).ToList();
        var instanceId = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "instanceID")?.Value;
        if (blocks.Count == 0 || string.IsNullOrWhiteSpace(instanceId) || blocks.Any(b => string.IsNullOrWhiteSpace((string?)b.Attribute("case_id"))))
        {
            return Results.Text("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"processing_failure\">An XForm needs a meta/instanceID and case blocks with a case_id.</message></OpenRosaResponse>",
                "text/xml", statusCode: 422);
        }

        submissions.Enqueue(body);
        foreach (var block in blocks)
        {
            caseBlocks.Enqueue(block);
        }

        return Results.Text("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"submit_success\">   √   </message></OpenRosaResponse>",
            "text/xml", statusCode: 201);
    }

    private IResult? Refusal(HttpContext http, string domain)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var auth)
            || !string.Equals(auth.Scheme, "ApiKey", StringComparison.OrdinalIgnoreCase) || auth.Parameter != $"{Username}:{ApiKey}")
        {
            return Results.Json(new { error = "Your credentials are invalid." }, statusCode: 401);
        }

        return domain == Domain ? null : Results.Text("<h1>Not Found</h1>", "text/html", statusCode: 404);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
