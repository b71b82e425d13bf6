using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>The PostgreSQL connection kind (a target database); its sinks register with the flows that use them.</summary>
    public static WebApplicationBuilder AddPostgreSqlConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConnectionKind, PostgreSqlConnectionKind>();
        return builder;
    }
}
