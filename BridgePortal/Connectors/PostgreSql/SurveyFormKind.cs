namespace BridgePortal.Connectors.PostgreSql;

public enum SurveyFormKind
{
    WetMillRegistration,
    WetMillVisit,
}
