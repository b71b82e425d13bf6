using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BridgePortal.Bench;

/// <summary>
/// A KoboToolbox data endpoint on 127.0.0.1 serving a fixed backlog of submissions (ids 1..N, pre-rendered
/// JSON), with the contract the Kobo source uses: token auth, <c>limit</c> capped at 30,000,
/// <c>query={"_id":{"$gt":X}}</c>, ascending order, <c>next</c> while more remain.
/// </summary>
public sealed partial class BenchKobo : IAsyncDisposable
{
    public const string Token = "bench-kobo-token";
    public const string Asset = "aBench";

    private readonly WebApplication app;
    private readonly byte[][] submissions;

    private BenchKobo(WebApplication app, byte[][] submissions)
    {
        this.app = app;
        this.submissions = submissions;
    }

    public Uri BaseAddress { get; private set; } = default!;

    public int Requests { get; private set; }

    public static async Task<BenchKobo> StartAsync(int count, int payloadBytes)
    {
        var filler = new string('x', Math.Max(0, payloadBytes - 260));
        var submissions = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var id = i + 1;
            submissions[i] = Encoding.UTF8.GetBytes(
                $$"""{"_id":{{id}},"_uuid":"{{Guid.NewGuid()}}","_submission_time":"2026-11-23T10:{{id / 1000 % 60:D2}}:{{id % 60:D2}}","meta/instanceID":"uuid:{{id}}","household":"h{{id}}","members":{{id % 9}},"notes":"{{filler}}"}""");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var kobo = new BenchKobo(app, submissions);
        app.MapGet("/api/v2/assets/{uid}/data/", kobo.DataAsync);
        await app.StartAsync();
        kobo.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return kobo;
    }

    private async Task DataAsync(HttpContext http, string uid)
    {
        Requests++;
        if (http.Request.Headers.Authorization.ToString() != $"Token {Token}" || uid != Asset)
        {
            http.Response.StatusCode = uid != Asset ? 404 : 401;
            return;
        }

        var limit = Math.Min(30_000, int.TryParse(http.Request.Query["limit"], out var l) ? l : 100);
        var after = GreaterThan().Match(http.Request.Query["query"].ToString()) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var from = (int)Math.Min(after, submissions.Length);
        var to = Math.Min(submissions.Length, from + limit);
        http.Response.ContentType = "application/json";
        var next = to < submissions.Length ? "\"http://next/\"" : "null";
        var body = http.Response.BodyWriter;
        await http.Response.WriteAsync($"{{\"count\":{submissions.Length - from},\"next\":{next},\"previous\":null,\"results\":[");
        for (var i = from; i < to; i++)
        {
            if (i > from)
            {
                await body.WriteAsync(","u8.ToArray());
            }

            await body.WriteAsync(submissions[i]);
        }

        await http.Response.WriteAsync("]}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [GeneratedRegex("\"\\$gt\"\\s*:\\s*(\\d+)")]
    private static partial Regex GreaterThan();
}
