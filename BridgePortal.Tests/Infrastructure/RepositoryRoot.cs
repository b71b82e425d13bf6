namespace BridgePortal.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The folder holding BridgePortal.sln, found upwards from the test binaries.</summary>
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "BridgePortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BridgePortal.sln not found above " + AppContext.BaseDirectory);
    }
}
