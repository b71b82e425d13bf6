using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using BridgePortal.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.CommCare;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for CommCare HQ: <c>Authorization: ApiKey user:key</c> (else 401),
/// one project space (else 404), the Form API v0.5 with limit/offset pagination and xmlns filter, and the XForm
/// receiver that parses the submitted case blocks (malformed XML → 400, like HQ), applies them to its cases with
/// HQ's checks (an update of an unknown case without a create, an index to a case it does not have, a bad
/// date_modified or a case name over 255 characters → 422 and nothing applied) and keeps them. Switches: fail the
/// next submissions with a status, slow every submission down; it counts the most submissions it held at once.
/// </summary>
public sealed partial class FakeCommCare : IAsyncDisposable
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
