using System.Net;
using System.Text.RegularExpressions;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>An HTTP client that speaks to the portal's static forms as a browser would (antiforgery included).</summary>
public sealed partial class PortalClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    /// <summary>GETs the page holding the form, then posts <paramref name="fields"/> with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var page = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {path}");

        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        return await http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> SetupAsync(string email, string password) =>
        SubmitFormAsync("/setup", "setup", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    public Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        SubmitFormAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
