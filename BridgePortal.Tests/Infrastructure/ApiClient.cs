using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>
/// A management-API client with a personal access token (and no cookies). It keeps every response body it
/// read, so a test can assert that a secret never came back.
/// </summary>
public sealed partial class ApiClient(HttpClient http, ConcurrentQueue<string> bodies) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>Every response body this client received.</summary>
    public IReadOnlyCollection<string> Bodies => bodies;

    public static ApiClient Create(PortalHost host, string? token)
    {
        var bodies = new ConcurrentQueue<string>();
        var http = host.CreateDefaultClient(new RecordingHandler(bodies));
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new ApiClient(http, bodies);
    }

    /// <summary>Creates a token on the profile page of the signed-in <paramref name="portal"/> client, as a person would.</summary>
    public static async Task<string> CreateTokenOnProfilePageAsync(PortalClient portal, string name = "script", string expiresInDays = "30")
    {
        var response = await portal.SubmitFormAsync("/Account/Manage/AccessTokens", "create-token", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.ExpiresInDays"] = expiresInDays,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");
        var match = ShownToken().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, "the profile page did not show the new token");
        return match.Groups[1].Value;
    }

    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ReadAsync(await http.GetAsync(path), expected);

    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ReadAsync(await http.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) }), expected);

    public Task<JsonElement> PostAsync(string path, object? body, HttpStatusCode expected = HttpStatusCode.OK) => SendJsonAsync(HttpMethod.Post, path, body, expected);

    public void Dispose() => http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex("data-testid=\"new-token\">(bp_pat_[A-Za-z0-9_-]+)<")]
    private static partial Regex ShownToken();

    private sealed class RecordingHandler(ConcurrentQueue<string> bodies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            bodies.Enqueue(await response.Content.ReadAsStringAsync(cancellationToken));
            return response;
        }
    }
}
