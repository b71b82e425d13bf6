using System.Net;
using System.Text.RegularExpressions;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>An HTTP client that speaks to the portal's static forms as a browser would (antiforgery included).</summary>
public sealed partial class PortalClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    /// <summary>GETs the page holding the form, then posts <paramref name="fields"/> with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string path, string formName, IReadOnlyDictionary<string, string> fields) =>
        await PostFormAsync(path, await GetAntiforgeryTokenAsync(path), formName, fields);

    /// <summary>The antiforgery request token of the form on <paramref name="path"/> (valid for any form of this session).</summary>
    public async Task<string> GetAntiforgeryTokenAsync(string path)
    {
        var page = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync());
        Assert.True(token.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, string token, string? formName, IReadOnlyDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        if (formName is not null)
        {
            form["_handler"] = formName;
        }

        return http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> LogoutAsync() =>
        await PostFormAsync("/Account/Logout", await GetAntiforgeryTokenAsync("/Account/Manage/ChangePassword"), null, new Dictionary<string, string>());

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
