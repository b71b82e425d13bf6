namespace BridgePortal.Bridges;

public static class BridgesServiceCollectionExtensions
{
    /// <summary>Bridge CRUD, the inbound endpoints' bridge lookup and record browsing (the engine itself needs none of them).</summary>
    public static WebApplicationBuilder AddBridges(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BridgeDirectory>();
        builder.Services.AddScoped<BridgeService>();
        builder.Services.AddScoped<RecordService>();
        return builder;
    }
}
