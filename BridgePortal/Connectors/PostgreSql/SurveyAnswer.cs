namespace BridgePortal.Connectors.PostgreSql;

/// <summary>One answered question: its path (<c>group/question</c>, repeats indexed from 1: <c>plots[2]/area</c>) and typed value.</summary>
public sealed record SurveyAnswer(string Path, string Question, int Position, TypedAnswer Value);
