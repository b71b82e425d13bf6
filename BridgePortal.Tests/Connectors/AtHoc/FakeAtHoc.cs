using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BridgePortal.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.AtHoc;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for AtHoc IWS: the OAuth password grant
/// (<c>/AuthServices/Auth/connect/token</c>, bad credentials → 400 <c>invalid_grant</c>), the paged basic user
/// search with the asked attributes, and <c>SyncByCommonNames</c>, which records exactly the JSON it received and
/// answers one result per user (unknown users fail). <see cref="FailSync"/> makes the update endpoint answer 503.
/// </summary>
public sealed class FakeAtHoc : IAsyncDisposable
{
    private WebApplication app = default!;
    private readonly Lock gate = new();
    private readonly List<Dictionary<string, string>> users = [];
    private readonly ConcurrentQueue<string> syncBodies = new();
    private readonly ConcurrentDictionary<string, bool> tokens = new();
    private int tokenRequests;
    private int searchRequests;

    public Uri BaseAddress { get; private set; } = default!;

    public string OrgCode { get; set; } = "ORG1";

    public string ClientId { get; set; } = "bridgeportal";

    public string ClientSecret { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public string Username { get; set; } = "svc-bridge";

    public string Password { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>While true, SyncByCommonNames answers 503 (nothing is applied).</summary>
    public bool FailSync { get; set; }

    /// <summary>While true, the user search answers 500.</summary>
    public bool FailSearch { get; set; }

    /// <summary>The raw JSON bodies SyncByCommonNames received, in order.</summary>
    public IReadOnlyList<string> SyncBodies => [.. syncBodies];

    /// <summary>Every user update received (failed requests included), in order.</summary>
    public IReadOnlyList<JsonObject> SyncedUsers => [.. syncBodies.SelectMany(b => JsonNode.Parse(b)!.AsArray().Select(n => n!.AsObject()))];

    public int TokenRequests => Volatile.Read(ref tokenRequests);

    public int SearchRequests => Volatile.Read(ref searchRequests);

    public static async Task<FakeAtHoc> StartAsync()
    {
        var fake = new FakeAtHoc();
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    /// <summary>Adds a user with LOGIN_ID <paramref name="login"/> and attributes (e.g. Collar-Number).</summary>
    public void AddUser(string login, IReadOnlyDictionary<string, string>? attributes = null)
    {
        lock (gate)
        {
            var user = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["LOGIN_ID"] = login, ["ENABLED"] = "true" };
            foreach (var (k, v) in attributes ?? new Dictionary<string, string>())
            {
                user[k] = v;
            }

            users.Add(user);
        }
    }

    /// <summary>Deletes a user (e.g. after the mapping sync saw it): a later sync of it answers "User not found".</summary>
    public void RemoveUser(string login)
    {
        lock (gate)
        {
            users.RemoveAll(u => u["LOGIN_ID"] == login);
        }
    }

    /// <summary>A user's current attributes (null if unknown).</summary>
    public IReadOnlyDictionary<string, string>? User(string login)
    {
        lock (gate)
        {
            return users.Find(u => u["LOGIN_ID"] == login) is { } u ? new Dictionary<string, string>(u) : null;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (path == "/AuthServices/Auth/connect/token" && HttpMethods.IsPost(request.Method))
        {
            await TokenAsync(context);
            return;
        }

        var prefix = $"/api/v2/orgs/{OrgCode}/users/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, "{\"Message\":\"Not found\"}");
            return;
        }

        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.ContainsKey(auth["Bearer ".Length..]))
        {
            await WriteAsync(context, 401, "{\"Message\":\"Authorization has been denied for this request.\"}");
            return;
        }

        switch (path[prefix.Length..])
        {
            case "search/basic" when HttpMethods.IsGet(request.Method):
                Interlocked.Increment(ref searchRequests);
                await WriteAsync(context, FailSearch ? 500 : 200, FailSearch ? "{\"Message\":\"search failed\"}" : Search(request).ToJsonString());
                return;
            case "SyncByCommonNames" when HttpMethods.IsPost(request.Method):
                using (var reader = new StreamReader(request.Body))
                {
                    var body = await reader.ReadToEndAsync();
                    syncBodies.Enqueue(body);
                    if (FailSync)
                    {
                        await WriteAsync(context, 503, "{\"Message\":\"The service is unavailable.\"}");
                        return;
                    }

                    await WriteAsync(context, 200, Sync(JsonNode.Parse(body)!.AsArray()).ToJsonString());
                }

                return;
            default:
                await WriteAsync(context, 404, "{\"Message\":\"Not found\"}");
                return;
        }
    }

    private async Task TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref tokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await WriteAsync(context, 401, "{\"error\":\"invalid_client\"}");
            return;
        }

        if (form["grant_type"] != "password" || form["username"] != Username || form["password"] != Password
            || form["acr_values"] != $"tenant:{OrgCode}" || form["scope"] != "athoc.iws.web.api")
        {
            await WriteAsync(context, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"invalid_username_or_password\"}");
            return;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        tokens[token] = true;
        await WriteAsync(context, 200, new JsonObject { ["access_token"] = token, ["expires_in"] = 3600, ["token_type"] = "Bearer" }.ToJsonString());
    }

    private JsonObject Search(HttpRequest request)
    {
        var attributes = request.Query["Attributes"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var page = int.TryParse(request.Query["PageNumber"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var size = int.TryParse(request.Query["PageSize"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? Math.Min(s, 1000) : 100;
        lock (gate)
        {
            var items = new JsonArray();
            foreach (var user in users.Skip((page - 1) * size).Take(size))
            {
                var item = new JsonObject();
                foreach (var name in attributes)
                {
                    if (user.TryGetValue(name, out var value))
                    {
                        item[name] = value;
                    }
                }

                items.Add(item);
            }

            return new JsonObject { ["TotalCount"] = users.Count, ["Users"] = items };
        }
    }

    private JsonArray Sync(JsonArray body)
    {
        var results = new JsonArray();
        lock (gate)
        {
            foreach (var item in body.Select(n => n!.AsObject()))
            {
                var login = item["LOGIN_ID"]?.GetValue<string>();
                var user = users.Find(u => u["LOGIN_ID"] == login);
                if (user is null)
                {
                    results.Add(new JsonObject { ["LOGIN_ID"] = login, ["Status"] = "Failed", ["Message"] = "User not found" });
                    continue;
                }

                foreach (var (key, value) in item.Where(p => p.Key != "LOGIN_ID"))
                {
                    user[key] = value?.GetValue<string>() ?? "";
                }

                results.Add(new JsonObject { ["LOGIN_ID"] = login, ["Status"] = "Success" });
            }
        }

        return results;
    }

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
