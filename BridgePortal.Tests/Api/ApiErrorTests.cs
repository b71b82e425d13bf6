using System.Net;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Api;

/// <summary>Every /api and /hooks error is problem+json, a bug included; the portal keeps its own error page.</summary>
public sealed class ApiErrorTests
{
    [SkippableFact]
    public async Task A_bug_in_a_receiver_is_a_logged_500_problem_and_stores_nothing_while_other_bridges_flow()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, services: s =>
        {
            s.AddSingleton<IWebhookReceiver, BrokenReceiver>();
            s.AddSingleton(new SourceKind(BrokenReceiver.KindName, "Broken (test)", null, []));
        });
        using var client = host.CreateClient();
        var broken = await TestBridges.CreateHttpBridgeAsync(host, new Uri("http://127.0.0.1:9/"), start: false, sourceKind: BrokenReceiver.KindName);
        using (var response = await client.SendAsync(ReceiverTargets.Post($"/hooks/{broken.Key}", EdgeCaseBodies.Utf8("{}"), "application/json")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains("stored nothing of it", text);
            Assert.DoesNotContain("<html", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("a bug in the receiver", text); // the exception's text stays in the log
        }

        Assert.Empty(await host.RecordsAsync(broken.Id));
        var ingest = await TestBridges.CreateHttpBridgeAsync(host, new Uri("http://127.0.0.1:9/"), start: false);
        using var good = await TestBridges.IngestAsync(client, ingest, "{\"id\":1}");
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
    }

    [SkippableFact]
    public async Task Unknown_api_routes_and_wrong_methods_answer_problem_json_not_a_page()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        using var client = host.CreateClient();
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/hooks/some-key"), (HttpMethod.Put, "/api/ingest/some-key"), (HttpMethod.Get, "/api/nothing-here") })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            Assert.True((int)response.StatusCode is 401 or 404 or 405, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private sealed class BrokenReceiver : IWebhookReceiver
    {
        public const string KindName = "BrokenForTest";

        public string Kind => KindName;

        public WebhookVerdict Receive(WebhookRequest request, SourceContext context) => throw new NullReferenceException("a bug in the receiver");
    }
}
