using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Components.Pages;

/// <summary>Issue 15: an unknown address a browser opens gets the portal's not-found page with a 404; APIs keep their problem bodies.</summary>
public sealed class NotFoundPageTests
{
    [Fact]
    public async Task Unknown_portal_addresses_get_the_not_found_page_and_unknown_api_addresses_a_problem()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await TestUsers.EnsureAdminAsync(host);
        using var user = await TestUsers.LoggedInAsync(host, BridgeRoles.Operator);

        foreach (var path in new[] { "/nope", "/bridges/999999", "/bridges/not-a-guid/records" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
            using var response = await user.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(html.Contains("data-testid=\"not-found\""), $"{path}: {html.Length} chars: {html[..Math.Min(html.Length, 1500)]}");
            Assert.Contains("There is nothing at this address", html);
        }

        using var api = await user.Http.GetAsync("/api/v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.NotEqual("text/html", api.Content.Headers.ContentType?.MediaType);
    }
}
