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
/// receiver that parses the submitted case blocks (malformed XML → 400, like HQ), applies them to its cases with
/// HQ's checks (an update of an unknown case without a create, an index to a case it does not have, a bad
/// date_modified or a case name over 255 characters → 422 and nothing applied) and keeps them. Switches: fail the
/// next submissions with a status, slow every submission down; it counts the most submissions it held at once.
/// </summary>
public sealed class FakeCommCare : IAsyncDisposable
{
    private const string CaseXmlns = "http://commcarehq.org/case/transaction/v2";
    private readonly ConcurrentQueue<JsonObject> forms = new();
    private readonly ConcurrentQueue<XElement> caseBlocks = new();
    private readonly ConcurrentQueue<string> submissions = new();
    private readonly Dictionary<string, FakeCase> cases = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int failures;
    private int failStatus;
    private string failMessage = "";
    private int inFlight;
    private int maxInFlight;
    private int received;
    private WebApplication app = default!;

    public string Domain { get; init; } = CommCarePayloads.Domain;

    public string Username { get; init; } = "integration@example.org";

    public string ApiKey { get; init; } = "cc-api-key-0123456789abcdef";

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>Every case block the receiver accepted, in order.</summary>
    public IReadOnlyList<XElement> CaseBlocks => [.. caseBlocks];

    /// <summary>Every raw XForm the receiver accepted.</summary>
    public IReadOnlyList<string> Submissions => [.. submissions];

    /// <summary>The cases as the accepted submissions left them, by case id.</summary>
    public IReadOnlyDictionary<string, FakeCase> Cases
    {
        get
        {
            lock (gate)
            {
                return cases.ToDictionary(c => c.Key, c => c.Value with { Properties = new(c.Value.Properties), Indices = new(c.Value.Indices) });
            }
        }
    }

    /// <summary>A case that exists in the project space already (e.g. created by a mobile worker).</summary>
    public void AddCase(string caseId, string caseType, string name = "existing case")
    {
        lock (gate)
        {
            cases[caseId] = new FakeCase(caseId, caseType, name, "owner", [], []);
        }
    }

    /// <summary>The most receiver requests in progress at the same time.</summary>
    public int MaxConcurrentSubmissions => Volatile.Read(ref maxInFlight);

    /// <summary>Receiver requests that got past auth, refused or not.</summary>
    public int ReceivedSubmissions => Volatile.Read(ref received);

    /// <summary>How long each receiver request takes (to make concurrency observable).</summary>
    public TimeSpan SubmissionDelay { get; set; }

    /// <summary>The next <paramref name="count"/> submissions get <paramref name="status"/> with an OpenRosa <paramref name="message"/>.</summary>
    public void FailNext(int count, int status = 503, string message = "Service Unavailable: the server is busy, try again later")
    {
        lock (gate)
        {
            (failures, failStatus, failMessage) = (count, status, message);
        }
    }

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

        Interlocked.Increment(ref received);
        var now = Interlocked.Increment(ref inFlight);
        for (var max = Volatile.Read(ref maxInFlight); now > max && Interlocked.CompareExchange(ref maxInFlight, now, max) != max; max = Volatile.Read(ref maxInFlight))
        {
        }

        try
        {
            if (SubmissionDelay > TimeSpan.Zero)
            {
                await Task.Delay(SubmissionDelay);
            }

            lock (gate)
            {
                if (failures > 0)
                {
                    failures--;
                    return OpenRosa(failStatus, "processing_failure", failMessage);
                }
            }

            return await ProcessAsync(http);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task<IResult> ProcessAsync(HttpContext http)
    {
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

        lock (gate)
        {
            if (Apply(blocks) is { } error)
            {
                return OpenRosa(422, "processing_failure", error);
            }

            submissions.Enqueue(body);
            foreach (var block in blocks)
            {
                caseBlocks.Enqueue(block);
            }
        }

        return Results.Text("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"submit_success\">   √   </message></OpenRosaResponse>",
            "text/xml", statusCode: 201);
    }

    // HQ's checks, all before any change (a refused form changes no case). Caller holds the gate.
    private string? Apply(List<XElement> blocks)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            var id = (string)block.Attribute("case_id")!;
            var create = block.Element(XName.Get("create", CaseXmlns));
            if (create is not null)
            {
                if (new[] { "case_type", "case_name", "owner_id" }.FirstOrDefault(n => string.IsNullOrWhiteSpace(create.Element(XName.Get(n, CaseXmlns))?.Value)) is { } missing)
                {
                    return $"CaseGenerationException: the create block of case '{id}' has no {missing}";
                }

                if (create.Element(XName.Get("case_name", CaseXmlns))!.Value.Length > 255)
                {
                    return $"CaseValueError: the case name of '{id}' is longer than 255 characters";
                }

                created.Add(id);
            }
            else if (!cases.ContainsKey(id))
            {
                return $"IllegalCaseId: case '{id}' does not exist and the block does not create it";
            }

            if ((string?)block.Attribute("date_modified") is { } modified && !DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return $"PhoneDateValueError: date_modified '{modified}' of case '{id}' is not a date";
            }
        }

        foreach (var block in blocks)
        {
            foreach (var index in block.Elements(XName.Get("index", CaseXmlns)).Elements().Where(i => i.Value.Length > 0))
            {
                if (!cases.ContainsKey(index.Value) && !created.Contains(index.Value))
                {
                    return $"InvalidCaseIndex: Case '{(string)block.Attribute("case_id")!}' references non-existent case '{index.Value}'";
                }
            }
        }

        foreach (var block in blocks)
        {
            var id = (string)block.Attribute("case_id")!;
            var current = cases.GetValueOrDefault(id) ?? new FakeCase(id, "", "", "", [], []);
            if (block.Element(XName.Get("create", CaseXmlns)) is { } create)
            {
                current = current with
                {
                    CaseType = create.Element(XName.Get("case_type", CaseXmlns))!.Value,
                    Name = create.Element(XName.Get("case_name", CaseXmlns))!.Value,
                    OwnerId = create.Element(XName.Get("owner_id", CaseXmlns))!.Value,
                };
            }

            foreach (var property in block.Element(XName.Get("update", CaseXmlns))?.Elements() ?? [])
            {
                current.Properties[property.Name.LocalName] = property.Value;
            }

            foreach (var index in block.Elements(XName.Get("index", CaseXmlns)).Elements())
            {
                if (index.Value.Length == 0)
                {
                    current.Indices.Remove(index.Name.LocalName);
                }
                else
                {
                    current.Indices[index.Name.LocalName] = new FakeCaseIndex((string?)index.Attribute("case_type") ?? "", index.Value, (string?)index.Attribute("relationship") ?? "child");
                }
            }

            cases[id] = current with { Submissions = current.Submissions + 1 };
        }

        return null;
    }

    private static IResult OpenRosa(int status, string nature, string message) =>
        Results.Text(new XElement(XName.Get("OpenRosaResponse", "http://openrosa.org/http/response"),
            new XElement(XName.Get("message", "http://openrosa.org/http/response"), new XAttribute("nature", nature), message)).ToString(), "text/xml", statusCode: status);

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

/// <summary>A case as the fake holds it.</summary>
public sealed record FakeCase(string CaseId, string CaseType, string Name, string OwnerId, Dictionary<string, string> Properties, Dictionary<string, FakeCaseIndex> Indices, int Submissions = 0);

public sealed record FakeCaseIndex(string CaseType, string CaseId, string Relationship);
