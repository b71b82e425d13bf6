using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BridgePortal.Tests.Api;

/// <summary>
/// Hundreds of generated bad and edge-case bodies, correctly signed so the parse is reached, against the ingest API
/// and every webhook receiver on a real Kestrel socket: never a 5xx, every error problem+json, a refusal stores
/// nothing, an acceptance stores what it answered, and a good request still flows after each receiver's corpus.
/// </summary>
public sealed class EdgeCaseBodyTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task No_body_makes_a_5xx_every_error_is_problem_json_and_refusals_store_nothing(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage, kestrel: true);
        using var client = new HttpClient { BaseAddress = host.Address };
        var targets = await ReceiverTargets.CreateAllAsync(host);
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var sent = 0;
        foreach (var target in targets)
        {
            var accepted = new HashSet<long>();
            var n = 0;
            foreach (var body in EdgeCaseBodies.For(() => target.Good(++n)))
            {
                using var request = target.Request(body.Bytes, body.ContentType);
                using var response = await client.SendAsync(request);
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                if (status >= 500 || (status >= 400 && type != "application/problem+json"))
                {
                    failures.Add($"{target.Name} / {body.Name}: {status} {type} {text[..Math.Min(200, text.Length)]}");
                }
                else if (status == 202)
                {
                    foreach (var record in JsonNode.Parse(text)!["records"]!.AsArray())
                    {
                        accepted.Add(record!["id"]!.GetValue<long>());
                    }
                }
            }

            var stored = await host.RecordsAsync(target.BridgeId);
            if (stored.Count != accepted.Count)
            {
                failures.Add($"{target.Name}: {stored.Count} records stored, but 202s named {accepted.Count}");
            }

            using var good = await client.SendAsync(target.Request(EdgeCaseBodies.Utf8(target.Good(++n)), "application/json"));
            Assert.True(good.StatusCode == HttpStatusCode.Accepted, $"{target.Name}: the good body after the corpus got {good.StatusCode}: {await good.Content.ReadAsStringAsync()}");
            Assert.Equal(stored.Count + 1, (await host.RecordsAsync(target.BridgeId)).Count);
        }

        output.WriteLine($"{storage}: {sent} requests to {targets.Count} receivers in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(sent > 500, $"only {sent} cases");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_malformed_chunked_body_is_a_400_problem_and_the_next_request_flows(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage, kestrel: true);
        var targets = await ReceiverTargets.CreateAllAsync(host);
        string[] garbage = ["ZZ\r\n{}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n", "2\r\n{}}}}\r\n0\r\n\r\n", "0x2\r\n{}\r\n0\r\n\r\n", "2\n{}\n0\n\n"];
        foreach (var target in targets.Where(t => t.Name is "ingest" or "github" or "kobo" or "salesforce"))
        {
            foreach (var chunks in garbage)
            {
                var (status, head) = await RawPostAsync(host.Address, target.Request([], "application/json"), chunks);
                Assert.True(status is >= 400 and < 500, $"{target.Name} / {chunks.ReplaceLineEndings("⏎")}: {head}");
                Assert.Contains("application/problem+json", head, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Empty(await host.RecordsAsync(target.BridgeId));
            using var client = new HttpClient { BaseAddress = host.Address };
            using var good = await client.SendAsync(target.Request(EdgeCaseBodies.Utf8(target.Good(1)), "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        }
    }

    /// <summary>Sends <paramref name="template"/>'s request line and headers with a hand-written chunked body; the status and response head.</summary>
    private static async Task<(int Status, string Head)> RawPostAsync(Uri server, HttpRequestMessage template, string chunks)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var head = new StringBuilder($"POST {template.RequestUri} HTTP/1.1\r\nHost: {server.Authority}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n");
        foreach (var (name, values) in template.Headers)
        {
            head.Append($"{name}: {string.Join(",", values)}\r\n");
        }

        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n" + chunks));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response[..Math.Min(response.Length, 600)]);
    }
}
