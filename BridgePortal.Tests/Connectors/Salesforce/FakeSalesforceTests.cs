using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>The fake org keeps Salesforce's contract: sessions, created vs updated, lookups, per-record errors, the 200-record cap.</summary>
public sealed class FakeSalesforceTests : IAsyncLifetime
{
    private FakeSalesforce salesforce = default!;
    private HttpClient http = default!;

    public async Task InitializeAsync()
    {
        salesforce = await FakeSalesforce.StartAsync();
        http = new HttpClient { BaseAddress = salesforce.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await salesforce.DisposeAsync();
    }

    [Fact]
    public async Task Upserts_create_then_update_by_external_id_resolve_lookups_and_fail_bad_records_alone()
    {
        var token = await TokenAsync();
        var first = await UpsertAsync(token, "Household__c", "Ext__c", Record("Household__c", "Ext__c", "H-1"), Record("Household__c", "Ext__c", "h-2"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal([true, true], first.Body!.Select(r => r!["created"]!.GetValue<bool>()));
        Assert.Equal("api-usage=1/15000", first.Limit);

        salesforce.AddValidationRule("Participant__c", "Name", "bad", "Name may not be bad");
        var child = Record("Participant__c", "P__c", "P-1");
        child["Household__r"] = new JsonObject { ["Ext__c"] = "H-2" };
        var orphan = Record("Participant__c", "P__c", "P-2");
        orphan["Household__r"] = new JsonObject { ["Ext__c"] = "H-404" };
        var invalid = Record("Participant__c", "P__c", "P-3");
        invalid["Name"] = "bad";
        var second = await UpsertAsync(token, "Participant__c", "P__c", child, orphan, invalid);
        Assert.True(second.Body![0]!["success"]!.GetValue<bool>());
        Assert.Equal("INVALID_FIELD", second.Body[1]!["errors"]![0]!["statusCode"]!.GetValue<string>());
        Assert.Contains("Foreign key external ID: H-404 not found", second.Body[1]!["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("FIELD_CUSTOM_VALIDATION_EXCEPTION", second.Body[2]!["errors"]![0]!["statusCode"]!.GetValue<string>());
        Assert.Equal(salesforce.Find("Household__c", "H-2")!.Id, salesforce.Find("Participant__c", "P-1")!["Household__c"]);

        var again = await UpsertAsync(token, "Household__c", "Ext__c", Record("Household__c", "Ext__c", "H-1"));
        Assert.False(again.Body![0]!["created"]!.GetValue<bool>());
        Assert.Equal((3, 1), (salesforce.Created, salesforce.Updated));

        var duplicate = await UpsertAsync(token, "Household__c", "Ext__c", Record("Household__c", "Ext__c", "H-9"), Record("Household__c", "Ext__c", "H-9"));
        Assert.All(duplicate.Body!, r => Assert.Equal("DUPLICATE_VALUE", r!["errors"]![0]!["statusCode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task More_than_200_records_an_expired_session_and_a_wrong_password_are_refused_like_salesforce()
    {
        var token = await TokenAsync();
        var tooMany = await UpsertAsync(token, "Household__c", "Ext__c", [.. Enumerable.Range(0, 201).Select(i => Record("Household__c", "Ext__c", $"H-{i}"))]);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("EXCEEDED_ID_LIMIT", tooMany.Body![0]!["errorCode"]!.GetValue<string>());
        Assert.Empty(salesforce.Records("Household__c"));

        salesforce.ExpireSessions();
        var expired = await UpsertAsync(token, "Household__c", "Ext__c", Record("Household__c", "Ext__c", "H-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", expired.Body!.ToJsonString());

        using var refused = await http.PostAsync("services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = salesforce.ClientId,
            ["client_secret"] = salesforce.ClientSecret,
            ["username"] = salesforce.Username,
            ["password"] = salesforce.Password, // no security token
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("""{"error":"invalid_grant","error_description":"authentication failure"}""", await refused.Content.ReadAsStringAsync());
    }

    private async Task<string> TokenAsync()
    {
        using var response = await http.PostAsync("services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = salesforce.ClientId,
            ["client_secret"] = salesforce.ClientSecret,
        }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"{salesforce.BaseAddress.ToString().TrimEnd('/')}/id/{salesforce.OrgId}/{salesforce.UserId}", body["id"]!.GetValue<string>());
        return body["access_token"]!.GetValue<string>();
    }

    private async Task<(HttpStatusCode Status, JsonArray? Body, string? Limit)> UpsertAsync(string token, string sobject, string field, params JsonObject[] records)
    {
        var body = new JsonObject { ["allOrNone"] = false, ["records"] = new JsonArray([.. records]) };
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"services/data/v62.0/composite/sobjects/{sobject}/{field}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var limit = response.Headers.TryGetValues("Sforce-Limit-Info", out var values) ? values.First() : null;
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonArray, limit);
    }

    private static JsonObject Record(string sobject, string field, string value) =>
        new() { ["attributes"] = new JsonObject { ["type"] = sobject }, [field] = value };
}
