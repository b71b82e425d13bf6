using System.Net;
using System.Text.Json;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace BridgePortal.Tests.Api.V1;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_declares_the_bearer_scheme_and_lists_every_api_v1_endpoint()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var actor = await TestBridges.ActorAsync(host, BridgeRoles.Viewer);
        string token;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync(actor, "docs", null, CancellationToken.None)).Token!;
        }

        using var api = ApiClient.Create(host, token);
        var response = await api.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        var read = OpenApiDocument.Parse(text, "json");
        Assert.NotNull(read.Document);
        Assert.True(read.Diagnostic is null || read.Diagnostic.Errors.Count == 0, string.Join("; ", read.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Contains(root.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("Bearer", out _));

        var paths = root.GetProperty("paths");
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true).ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} /api/v1 endpoints");
        foreach (var endpoint in endpoints)
        {
            var path = Normalise(endpoint.RoutePattern.RawText!);
            Assert.True(paths.TryGetProperty(path, out var operations), $"{path} is not in the document");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                Assert.True(operations.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is not in the document");
            }
        }

        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name));
        Assert.DoesNotContain(token, text);
    }

    [Fact]
    public async Task The_document_and_the_reference_page_are_for_signed_in_users_only()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await TestUsers.EnsureAdminAsync(host);
        using var anonymous = host.CreatePortalClient();
        Assert.StartsWith("/Account/Login", (await anonymous.GetAsync("/openapi/v1.json")).RedirectTarget());
        Assert.StartsWith("/Account/Login", (await anonymous.GetAsync("/scalar/")).RedirectTarget());

        using var viewer = await TestUsers.LoggedInAsync(host, BridgeRoles.Viewer);
        var page = await viewer.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "<script src=\"([^\"]+)\"");
        Assert.True(script.Success, html);
        var asset = await viewer.GetAsync(new Uri(new Uri("http://localhost/scalar/"), script.Groups[1].Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/openapi/v1.json")).StatusCode);
    }

    // "{id:guid}" in a route is "{id}" in the document, and a group's "" route has no trailing slash there (routing ignores it).
    private static string Normalise(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{([^:}]+)(:[^}]+)?\\}", "{$1}").TrimEnd('/');
}
