using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Connectors.Kobo;

public sealed class FakeKoboTests : IAsyncLifetime
{
    private FakeKobo kobo = default!;
    private HttpClient http = default!;

    public async Task InitializeAsync()
    {
        kobo = await FakeKobo.StartAsync();
        kobo.AddAsset("aForm1", "Household survey");
        http = new HttpClient { BaseAddress = kobo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", kobo.Token);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await kobo.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task A_missing_or_wrong_token_gets_401_invalid_token(string? token)
    {
        using var anonymous = new HttpClient { BaseAddress = kobo.BaseAddress };
        if (token is not null)
        {
            anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        foreach (var path in new[] { "api/v2/assets/?format=json", "api/v2/assets/aForm1/data/?format=json" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Invalid token.", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        }

        Assert.Equal(1, kobo.DataRequests);
    }

    [Fact]
    public async Task The_project_list_pages_with_limit_and_offset_and_links_to_each_data_endpoint()
    {
        kobo.AddAsset("aForm2", "Water points", deployed: false);
        kobo.AddAsset("aForm3", "Clinics");
        kobo.AddSubmissions("aForm3", 2);

        var first = await GetAsync("api/v2/assets/?format=json&q=asset_type:survey&limit=2&offset=0");
        Assert.Equal(3, first["count"]!.GetValue<int>());
        Assert.Null(first["previous"]);
        Assert.Equal(["aForm1", "aForm2"], first["results"]!.AsArray().Select(a => a!["uid"]!.GetValue<string>()));
        Assert.False(first["results"]![1]!["deployment__active"]!.GetValue<bool>());

        var second = await GetAsync(first["next"]!.GetValue<string>());
        Assert.Null(second["next"]);
        Assert.NotNull(second["previous"]);
        var clinics = second["results"]![0]!;
        Assert.Equal("survey", clinics["asset_type"]!.GetValue<string>());
        Assert.Equal(2, clinics["deployment__submission_count"]!.GetValue<int>());

        var data = await GetAsync(clinics["data"]!.GetValue<string>() + "?format=json");
        Assert.Equal(2, data["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Following_next_returns_every_submission_once_in_id_order()
    {
        var added = kobo.AddSubmissions("aForm1", 25, i => new JsonObject { ["group/name"] = $"person {i}" });

        var ids = new List<long>();
        string? next = "api/v2/assets/aForm1/data/?format=json&limit=10&sort=" + Uri.EscapeDataString("{\"_id\":1}");
        var pages = 0;
        while (next is not null)
        {
            var page = await GetAsync(next);
            Assert.Equal(25, page["count"]!.GetValue<int>());
            ids.AddRange(page["results"]!.AsArray().Select(s => s!["_id"]!.GetValue<long>()));
            next = page["next"]?.GetValue<string>();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(added.Select(s => s["_id"]!.GetValue<long>()), ids);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(3, kobo.DataRequests);
    }

    [Fact]
    public async Task A_submission_carries_kobo_metadata()
    {
        var time = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        var added = kobo.AddSubmission("aForm1", new JsonObject { ["age"] = 42 }, time);

        var stored = (await GetAsync("api/v2/assets/aForm1/data/?format=json"))["results"]![0]!;
        Assert.True(JsonNode.DeepEquals(added, stored));
        Assert.Equal(42, stored["age"]!.GetValue<int>());
        Assert.Equal("2026-03-04T05:06:07", stored["_submission_time"]!.GetValue<string>());
        Assert.Equal("uuid:" + stored["_uuid"]!.GetValue<string>(), stored["meta/instanceID"]!.GetValue<string>());
        Assert.Equal(stored["meta/instanceID"]!.GetValue<string>(), stored["meta/rootUuid"]!.GetValue<string>());
        Assert.Equal("submitted_via_web", stored["_status"]!.GetValue<string>());
        Assert.Null(stored["_submitted_by"]);
    }

    [Fact]
    public async Task The_query_filters_on_id_and_submission_time()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var added = Enumerable.Range(0, 10).Select(i => kobo.AddSubmission("aForm1", new JsonObject { ["n"] = i }, start.AddHours(i))).ToList();
        var fifth = added[4]["_id"]!.GetValue<long>();

        var after = await GetAsync(Data("{\"_id\":{\"$gt\":" + fifth + "}}"));
        Assert.Equal(5, after["count"]!.GetValue<int>());
        Assert.Equal([5, 6, 7, 8, 9], after["results"]!.AsArray().Select(s => s!["n"]!.GetValue<int>()));

        var window = await GetAsync(Data("{\"_submission_time\":{\"$gte\":\"2026-01-01T02:00:00\",\"$lt\":\"2026-01-01T05:00:00\"},\"_id\":{\"$lte\":" + added[3]["_id"] + "}}"));
        Assert.Equal([2, 3], window["results"]!.AsArray().Select(s => s!["n"]!.GetValue<int>()));

        var descending = await GetAsync(Data("{\"_id\":{\"$gte\":" + fifth + "}}") + "&sort=" + Uri.EscapeDataString("{\"_id\":-1}") + "&limit=2");
        Assert.Equal([9, 8], descending["results"]!.AsArray().Select(s => s!["n"]!.GetValue<int>()));
        Assert.Contains("query=", descending["next"]!.GetValue<string>(), StringComparison.Ordinal);
        var rest = await GetAsync(descending["next"]!.GetValue<string>());
        Assert.Equal([7, 6], rest["results"]!.AsArray().Select(s => s!["n"]!.GetValue<int>()));

        static string Data(string query) => "api/v2/assets/aForm1/data/?format=json&query=" + Uri.EscapeDataString(query);
    }

    [Fact]
    public async Task A_limit_above_the_server_maximum_is_capped()
    {
        kobo.MaxPageSize = 5;
        kobo.AddSubmissions("aForm1", 12);

        var page = await GetAsync("api/v2/assets/aForm1/data/?format=json&limit=1000");
        Assert.Equal(12, page["count"]!.GetValue<int>());
        Assert.Equal(5, page["results"]!.AsArray().Count);
        var next = new Uri(page["next"]!.GetValue<string>());
        Assert.Contains("limit=5", next.Query, StringComparison.Ordinal);
        Assert.Contains("start=5", next.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_asset_is_404_and_injected_failures_pass()
    {
        using (var missing = await http.GetAsync(new Uri("api/v2/assets/nope/data/?format=json", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("Not found.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        kobo.FailNextDataRequests = 2;
        kobo.FailStatus = 503;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync(new Uri("api/v2/assets/aForm1/data/?format=json", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Contains(kobo.RequestLog, r => r.StartsWith("GET /api/v2/assets/aForm1/data/?format=json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edit_keeps_id_time_and_root_uuid_gets_a_new_uuid_and_deprecates_the_old_instance_id()
    {
        var original = kobo.AddSubmission("aForm1", new JsonObject { ["answer"] = "yes" });
        var id = original["_id"]!.GetValue<long>();

        var edited = kobo.EditSubmission("aForm1", id, s => s["answer"] = "no");

        var stored = (await GetAsync("api/v2/assets/aForm1/data/?format=json"))["results"]![0]!;
        Assert.True(JsonNode.DeepEquals(edited, stored));
        Assert.Equal(id, stored["_id"]!.GetValue<long>());
        Assert.Equal(original["_submission_time"]!.GetValue<string>(), stored["_submission_time"]!.GetValue<string>());
        Assert.Equal(original["meta/rootUuid"]!.GetValue<string>(), stored["meta/rootUuid"]!.GetValue<string>());
        Assert.Equal(original["meta/instanceID"]!.GetValue<string>(), stored["meta/deprecatedID"]!.GetValue<string>());
        Assert.NotEqual(original["meta/instanceID"]!.GetValue<string>(), stored["meta/instanceID"]!.GetValue<string>());
        Assert.NotEqual(original["_uuid"]!.GetValue<string>(), stored["_uuid"]!.GetValue<string>());
        Assert.Equal("uuid:" + stored["_uuid"]!.GetValue<string>(), stored["meta/instanceID"]!.GetValue<string>());
        Assert.Equal("no", stored["answer"]!.GetValue<string>());
    }

    private async Task<JsonNode> GetAsync(string url)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
