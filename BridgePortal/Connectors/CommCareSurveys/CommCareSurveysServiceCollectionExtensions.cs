using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CommCareSurveys;

public static class CommCareSurveysServiceCollectionExtensions
{
    /// <summary>The PostgreSQL sink for CommCare survey forms (wet-mill registrations and visits into analytics tables).</summary>
    public static WebApplicationBuilder AddCommCareSurveysConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ISink, PostgreSqlSurveySink>();
        return builder;
    }
}
