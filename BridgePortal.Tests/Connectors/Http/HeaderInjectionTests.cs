using System.Net;
using System.Text;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.CommCare;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.Http;

/// <summary>
/// Issue 17 item 1: no value from a payload reaches a sink's request line or headers unencoded. The sink here is a
/// bare TCP listener, so the assertions read exactly the bytes that went over the wire.
/// </summary>
public sealed class HeaderInjectionTests
{
    private const string Smuggle = "smug-1\r\nContent-Length: 0\r\n\r\nPOST /smuggled-by-anonymous HTTP/1.1\r\nHost: x\r\nX-Pad: ";

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task An_id_with_CR_LF_is_refused_at_ingest_and_a_non_ASCII_id_is_delivered_once_with_a_percent_encoded_key(StorageKind storage)
    {
        await using var sink = RawTcpRecorder.Start();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress, sourceSettings: new() { [IngestSource.NaturalIdPath] = "id" });
        using var client = host.CreateClient();

        using (var injected = await TestBridges.IngestAsync(client, bridge, """{"id":"a\r\nX-Injected: yes"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, injected.StatusCode);
            Assert.Equal("application/problem+json", injected.Content.Headers.ContentType?.MediaType);
            Assert.Contains("the natural id from 'id' holds the control character U+000D", await injected.Content.ReadAsStringAsync());
        }

        using (var nul = await TestBridges.IngestAsync(client, bridge, """{"id":"a\u0000b"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode); // PostgreSQL would refuse the NUL: a 400 on both providers
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));

        using (var jose = await TestBridges.IngestAsync(client, bridge, """{"id":"josé-1"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, jose.StatusCode);
        }

        await host.UntilStatusAsync(bridge.Id, "josé-1", RecordStatus.Delivered);
        await Task.Delay(300); // anything sent after the one request would arrive now
        Assert.Equal(1, sink.RequestLines);
        Assert.Contains("\r\nIdempotency-Key: jos%C3%A9-1:v1\r\n", sink.Text);
        Assert.DoesNotContain("X-Injected", sink.Text);
    }

    [SkippableFact]
    public async Task A_stored_id_with_CR_LF_still_reaches_the_sink_as_one_request_that_carries_the_secret_header_once()
    {
        await using var sink = RawTcpRecorder.Start();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // A secret Authorization header on the connection: the smuggled request must never get a copy of it.
            var db = scope.ServiceProvider.GetRequiredService<BridgePortal.Data.BridgeDbContext>();
            var connection = await db.Connections.SingleAsync(c => c.Id == bridge.ConnectionId);
            connection.ProtectedSecret = scope.ServiceProvider.GetRequiredService<SecretProtector>().Protect(
                new Dictionary<string, string> { [HttpSettings.SecretHeaders] = "Authorization: Bearer connection-secret" });
            await db.SaveChangesAsync();

            // An id stored before intake validated ids (an older database): the sink alone must keep it out of the headers.
            var stored = await db.Bridges.AsNoTracking().SingleAsync(b => b.Id == bridge.Id);
            await scope.ServiceProvider.GetRequiredService<Intake>().AcceptAsync(stored, [new InboundRecord(Smuggle, """{"n":1}""")], CancellationToken.None);
        }

        await host.UntilStatusAsync(bridge.Id, Smuggle, RecordStatus.Delivered);
        await Task.Delay(300);
        var wire = sink.Text;
        Assert.Equal(1, sink.RequestLines);
        Assert.Single(wire.Split("\r\n"), l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("/smuggled-by-anonymous", wire.Replace("%2F", "/", StringComparison.Ordinal).Split("\r\n").Where(l => !l.StartsWith("Idempotency-Key:", StringComparison.Ordinal)));
        Assert.Contains("\r\nIdempotency-Key: smug-1%0D%0AContent-Length:%200%0D%0A%0D%0APOST%20/smuggled-by-anonymous%20HTTP/1.1%0D%0AHost:%20x%0D%0AX-Pad:%20:v1\r\n", wire);
        Assert.EndsWith("\r\n\r\n{\"n\":1}", wire);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_webhook_whose_id_smuggles_a_request_is_400_naming_the_field_and_nothing_reaches_the_sink(StorageKind storage)
    {
        await using var sink = RawTcpRecorder.Start();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress, sourceKind: CommCareFormReceiver.SourceKind);
        using var client = host.CreateClient();
        var form = CommCarePayloads.FarmerRegistrationForm(1);
        form["id"] = Smuggle;

        using var response = await client.PostAsync($"/hooks/{bridge.Key}", new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Invalid natural id", text);
        Assert.Contains("Record 0: natural id holds the control character U+000D at position 6 (from id (the form id)); nothing was stored.", text);
        Assert.Empty(await host.RecordsAsync(bridge.Id));

        form["id"] = "b1c2d3e4-0000-4000-9000-000000000001";
        using var good = await client.PostAsync($"/hooks/{bridge.Key}", new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        await host.UntilStatusAsync(bridge.Id, "b1c2d3e4-0000-4000-9000-000000000001", RecordStatus.Delivered);
        Assert.Equal(1, sink.RequestLines);
    }
}
