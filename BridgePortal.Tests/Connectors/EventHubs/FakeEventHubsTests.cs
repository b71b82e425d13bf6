using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace BridgePortal.Tests.Connectors.EventHubs;

public sealed class FakeEventHubsTests : IAsyncLifetime
{
    private const string Batch = "application/vnd.microsoft.servicebus.json";
    private const string Atom = "application/atom+xml;type=entry;charset=utf-8";

    private FakeEventHubs hubs = default!;
    private HttpClient http = default!;

    public async Task InitializeAsync()
    {
        hubs = await FakeEventHubs.StartAsync();
        http = new HttpClient { BaseAddress = hubs.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await hubs.DisposeAsync();
    }

    [Fact]
    public void The_connection_string_names_namespace_key_and_hub()
    {
        Assert.Equal($"Endpoint=sb://fake-ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={hubs.Key};EntityPath=surveys", hubs.ConnectionString);
        Assert.Equal(32, Convert.FromBase64String(hubs.Key).Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_valid_token_sends_one_event_with_its_partition_key(bool formEncoding)
    {
        using var request = Post(Sas(formEncoding), "{\"a\":1}", Atom);
        request.Headers.Add("BrokerProperties", "{\"PartitionKey\":\"aForm1\"}");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(hubs.Events);
        Assert.Equal("{\"a\":1}", received.Body);
        Assert.Equal("aForm1", received.PartitionKey);
        Assert.Empty(received.UserProperties);
        Assert.Equal(1, received.RequestNumber);
        Assert.Equal(1, hubs.Requests);
    }

    [Fact]
    public async Task A_batch_of_three_becomes_three_events_with_properties_and_partition_keys()
    {
        var batch = new JsonArray(Enumerable.Range(1, 3).Select(i => (JsonNode?)new JsonObject
        {
            ["Body"] = $"{{\"n\":{i}}}",
            ["UserProperties"] = new JsonObject { ["source"] = "kobo", ["seq"] = i },
            ["BrokerProperties"] = new JsonObject { ["PartitionKey"] = $"p{i}" },
        }).ToArray());

        using var response = await http.SendAsync(Post(Sas(), batch.ToJsonString(), Batch));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        await hubs.WaitForEventsAsync(3, TimeSpan.FromSeconds(5));
        var events = hubs.Events;
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], events.Select(e => e.Body));
        Assert.Equal(["p1", "p2", "p3"], events.Select(e => e.PartitionKey));
        Assert.All(events, e => Assert.Equal("kobo", e.UserProperties["source"]));
        Assert.Equal("2", events[1].UserProperties["seq"]);
        Assert.All(events, e => Assert.Equal(1, e.RequestNumber));

        hubs.Clear();
        Assert.Empty(hubs.Events);
        Assert.Equal(0, hubs.Requests);
    }

    [Fact]
    public async Task A_bad_signature_wrong_key_or_missing_token_is_401()
    {
        using (var noToken = await http.SendAsync(Post(null, "x", Atom)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        }

        var tampered = Sas().Replace("&se=", "9&se=", StringComparison.Ordinal);
        using (var badSig = await http.SendAsync(Post(tampered, "x", Atom)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, badSig.StatusCode);
            Assert.Contains("InvalidSignature", await badSig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var oldToken = Sas();
        hubs.RotateKey();
        using (var oldKey = await http.SendAsync(Post(oldToken, "x", Atom)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldKey.StatusCode);
        }

        using (var wrongHub = await http.SendAsync(Post(Sas(resource: "https://fake-ns.servicebus.windows.net/other"), "x", Atom)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongHub.StatusCode);
        }

        Assert.Equal(4, hubs.AuthFailures);
        Assert.Equal(4, hubs.Rejected);
        Assert.Empty(hubs.Events);
    }

    [Fact]
    public async Task An_expired_token_is_401_expired()
    {
        using (var expired = await http.SendAsync(Post(Sas(expiry: DateTimeOffset.UtcNow.AddMinutes(-1)), "x", Atom)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Contains("ExpiredToken: The token is expired.", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var token = Sas(expiry: DateTimeOffset.UtcNow.AddHours(1));
        hubs.TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2));
        using (var later = await http.SendAsync(Post(token, "x", Atom)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, later.StatusCode);
        }

        Assert.Equal(2, hubs.AuthFailures);
    }

    [Fact]
    public async Task A_body_over_256_KB_is_413_and_a_batch_that_is_not_an_array_is_400()
    {
        var big = new string('x', 262145);
        using (var tooBig = await http.SendAsync(Post(Sas(), big, Atom)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
            Assert.Contains("size:262145 bytes) exceeds the limit (262144 bytes)", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var notArray = await http.SendAsync(Post(Sas(), "{\"Body\":\"x\"}", Batch)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);
        }

        using (var unknownHub = await http.SendAsync(Post(Sas(), "x", Atom, "other")))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownHub.StatusCode);
        }

        Assert.Empty(hubs.Events);
        Assert.Equal(3, hubs.Rejected);
    }

    [Fact]
    public async Task FailNext_answers_503_then_the_next_send_is_accepted()
    {
        hubs.FailNext(1);

        using (var busy = await http.SendAsync(Post(Sas(), "first", Atom)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Contains("ServerBusy", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(hubs.Events);
        using (var ok = await http.SendAsync(Post(Sas(), "second", Atom)))
        {
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        Assert.Equal("second", Assert.Single(hubs.Events).Body);
        Assert.Equal(1, hubs.Rejected);
        Assert.Equal(1, hubs.Requests);
    }

    [Fact]
    public async Task A_send_the_client_abandons_during_the_delay_stores_nothing()
    {
        hubs.Delay = TimeSpan.FromMilliseconds(600);
        using var impatient = new HttpClient { BaseAddress = hubs.BaseAddress, Timeout = TimeSpan.FromMilliseconds(100) };

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.SendAsync(Post(Sas(), "late", Atom)));

        await Task.Delay(900);
        Assert.Empty(hubs.Events);
        Assert.Equal(0, hubs.Requests);
    }

    [Fact]
    public async Task The_hub_description_lists_partitions_after_the_sas_check()
    {
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "surveys?api-version=2014-01");
        using (var denied = await http.SendAsync(anonymous))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "surveys?api-version=2014-01");
        request.Headers.TryAddWithoutValidation("Authorization", Sas());
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Contains("<PartitionCount>4</PartitionCount>", xml, StringComparison.Ordinal);
        Assert.Contains("<PartitionIds><string>0</string><string>1</string><string>2</string><string>3</string></PartitionIds>", xml, StringComparison.Ordinal);
        Assert.Contains("<Status>Active</Status>", xml, StringComparison.Ordinal);
        Assert.NotNull(System.Xml.Linq.XDocument.Parse(xml).Root);
    }

    private HttpRequestMessage Post(string? authorization, string body, string contentType, string? hub = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{hub ?? hubs.Hub}/messages?timeout=60&api-version=2014-01")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    /// <summary>A SAS token as the Event Hubs REST docs describe it (WebUtility-style or RFC 3986 url-encoding of the resource).</summary>
    private string Sas(bool formEncoding = false, DateTimeOffset? expiry = null, string? resource = null)
    {
        var target = (resource ?? $"https://{hubs.Namespace}/{hubs.Hub}").ToLowerInvariant();
        var sr = formEncoding ? WebUtility.UrlEncode(target) : Uri.EscapeDataString(target);
        var se = (expiry ?? DateTimeOffset.UtcNow.AddMinutes(20)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hubs.Key), Encoding.UTF8.GetBytes(sr + "\n" + se)));
        return $"SharedAccessSignature sr={sr}&sig={Uri.EscapeDataString(sig)}&se={se}&skn={hubs.KeyName}";
    }
}
