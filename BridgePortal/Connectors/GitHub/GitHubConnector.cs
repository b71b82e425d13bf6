using BridgePortal.Connectors.Abstractions;
namespace BridgePortal.Connectors.GitHub;

public sealed class GitHubConnector : IConnector
{
    /// <summary>The GitHub connector: connection kind (token, test) and the back-fill of GitHub webhook bridges through the REST API.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new BridgePanel(typeof(GitHubBackfillPanel), GitHubBackfillService.Applies));
        builder.Services.AddClientFactory<GitHubClientFactory>(GitHubClientFactory.ClientName, TimeSpan.FromSeconds(100));
        builder.Services.AddSingleton<IConnectionKind, GitHubConnectionKind>();
        builder.Services.AddSingleton<GitHubBackfillCancellations>();
        builder.Services.AddTransient<GitHubBackfillJob>();
        builder.Services.AddScoped<GitHubBackfillService>();
        builder.Services.AddWebhookSource<GitHubWebhookReceiver>(GitHubWebhookReceiver.Source);
    }
}
