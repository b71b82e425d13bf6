using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace BridgePortal.Bench;

/// <summary>
/// Signed GitHub <c>push</c> deliveries as GitHub sends them: <c>X-GitHub-Event: push</c>, a unique
/// <c>X-GitHub-Delivery</c>, <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c> over the
/// exact bytes sent, and <see cref="CommitsPerPush"/> commits with unique shas. A sha encodes the run, the
/// phase (warm-up or measured) and the request index, so the sink table's rows map back to requests. The
/// wall-clock time each request was built (just before it is sent) is kept for end-to-end latency.
/// </summary>
public sealed class GitHubPushes(string bridgeKey, string secret, int capacity)
{
    public const int CommitsPerPush = 5;
    public const string Prj = "bench";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly byte[] key = Encoding.UTF8.GetBytes(secret);

    /// <summary>24 hex digits unique to this run; every sha of the run starts with it.</summary>
    public string Run { get; } = Guid.NewGuid().ToString("N")[..24];

    /// <summary>Per measured request index: <see cref="DateTime.UtcNow"/> ticks when it was built.</summary>
    public long[] BuiltAtUtcTicks { get; } = new long[capacity];

    /// <summary>The sha prefix (26 hex digits) of a phase's commits.</summary>
    public string PhasePrefix(bool measured) => Run + (measured ? "01" : "00");

    /// <summary>Commit <paramref name="commit"/> of request <paramref name="index"/>: run (24) + phase (2) + index (10) + commit (4).</summary>
    public string Sha(bool measured, int index, int commit) =>
        string.Create(CultureInfo.InvariantCulture, $"{PhasePrefix(measured)}{index:x10}{commit:x4}");

    /// <summary>The request index a sha of this run encodes.</summary>
    public static int IndexOf(string sha) => int.Parse(sha.AsSpan(26, 10), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The load driver's request factory: prefix <see cref="RecordingSink.MeasuredPrefix"/> is the measured phase.</summary>
    public HttpRequestMessage Build(string prefix, int index)
    {
        var measured = prefix == RecordingSink.MeasuredPrefix;
        var now = DateTime.UtcNow;
        if (measured && index < BuiltAtUtcTicks.Length)
        {
            BuiltAtUtcTicks[index] = now.Ticks;
        }

        var body = Encoding.UTF8.GetBytes(Body(measured, index, now));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{bridgeKey}?prj={Prj}&quality_model=default")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/bench");
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", "push");
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("X-GitHub-Hook-ID", "4711");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
        return request;
    }

    private string Body(bool measured, int index, DateTime now)
    {
        var timestamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var builder = new StringBuilder(4096);
        var before = Sha(measured, index, 0xffff);
        var after = Sha(measured, index, CommitsPerPush - 1);
        builder.Append(CultureInfo.InvariantCulture, $$"""{"ref":"refs/heads/main","before":"{{before}}","after":"{{after}}","created":false,"deleted":false,"forced":false,"base_ref":null,"compare":"https://github.com/octo-org/octo-repo/compare/{{before[..12]}}...{{after[..12]}}","commits":[""");
        for (var c = 0; c < CommitsPerPush; c++)
        {
            builder.Append(c == 0 ? "" : ",");
            builder.Append(CultureInfo.InvariantCulture, $$"""{"id":"{{Sha(measured, index, c)}}","tree_id":"{{Sha(measured, index, c + 0x100)}}","distinct":true,"message":"Push {{index}} commit {{c}}: compute the team's velocity (sent {{now:O}})","timestamp":"{{timestamp}}","url":"https://github.com/octo-org/octo-repo/commit/{{Sha(measured, index, c)}}","author":{"name":"Mona Lisa","email":"mona@example.org","username":"monalisa"},"committer":{"name":"GitHub","email":"noreply@github.com","username":"web-flow"},"added":["src/velocity.py"],"removed":[],"modified":["README.md","src/metrics.py"]}""");
        }

        builder.Append("""],"head_commit":null,"repository":{"id":1296269,"node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5","name":"octo-repo","full_name":"octo-org/octo-repo","private":false,"owner":{"login":"octo-org","id":6811672,"type":"Organization"},"html_url":"https://github.com/octo-org/octo-repo","default_branch":"main"},"pusher":{"name":"monalisa","email":"mona@example.org"},"organization":{"login":"octo-org","id":6811672},"sender":{"login":"monalisa","id":1,"type":"User"}}""");
        return builder.ToString();
    }
}
