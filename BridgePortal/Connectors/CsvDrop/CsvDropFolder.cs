using System.Globalization;
using System.Security.Cryptography;
using BridgePortal.Data.Model;
using Microsoft.Extensions.Options;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>
/// A bridge's drop folder: resolves it under <see cref="CsvDropOptions.Root"/>, collects complete files (old
/// enough to have settled, not locked by a writer, same size before and after reading) and moves processed ones
/// to <c>processed/</c> under a timestamped name that never overwrites.
/// </summary>
public sealed class CsvDropFolder(IOptions<CsvDropOptions> options, IWebHostEnvironment environment)
{
    public const string ProcessedFolder = "processed";

    public string Root => Path.GetFullPath(options.Value.Root, environment.ContentRootPath);

    /// <summary>The bridge's folder (created if missing); a folder setting outside the root is refused.</summary>
    public string Resolve(Bridge bridge)
    {
        var setting = SettingsJson.Read(bridge.SourceSettingsJson).GetValueOrDefault(CsvDropSettings.Folder);
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(setting) ? bridge.Key : setting.Trim(), Root);
        var root = Path.TrimEndingDirectorySeparator(Root) + Path.DirectorySeparatorChar;
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new SourceException($"The drop folder must lie under {Root} (configured: '{setting}').");
        }

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Files matching <paramref name="pattern"/> that are complete now, oldest first; others wait for a later run.</summary>
    public async Task<List<DropFile>> CollectAsync(string folder, string pattern, TimeSpan settle, CancellationToken cancellationToken)
    {
        var files = new List<DropFile>();
        foreach (var info in new DirectoryInfo(folder).EnumerateFiles(pattern, SearchOption.TopDirectoryOnly).OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            if (info.Name.StartsWith('.') || DateTime.UtcNow - info.LastWriteTimeUtc < settle)
            {
                continue;
            }

            if (await ReadCompleteAsync(info, cancellationToken) is { } content)
            {
                files.Add(new DropFile(info.Name, info.FullName, content, Hash(content)));
            }
        }

        return files;
    }

    /// <summary>The file's content if it is complete; null while it is being written.</summary>
    public static async Task<byte[]?> ReadCompleteAsync(FileInfo info, CancellationToken cancellationToken)
    {
        var length = info.Length;
        try
        {
            await using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.None);
            var content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content, cancellationToken);
            info.Refresh();
            return content.Length == length && info.Length == length ? content : null;
        }
        catch (IOException)
        {
            return null; // locked by its writer, or gone meanwhile
        }
    }

    /// <summary>Moves <paramref name="file"/> into <c>processed/</c> if it still holds the same content; returns the new name, or null when it changed or went.</summary>
    public static async Task<string?> MoveToProcessedAsync(string folder, string name, string sha256, DateTime at, CancellationToken cancellationToken)
    {
        var source = Path.Combine(folder, name);
        if (!File.Exists(source) || Hash(await File.ReadAllBytesAsync(source, cancellationToken)) != sha256)
        {
            return null;
        }

        var target = Directory.CreateDirectory(Path.Combine(folder, ProcessedFolder)).FullName;
        var stem = $"{Path.GetFileNameWithoutExtension(name)}.{at.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}";
        var extension = Path.GetExtension(name);
        for (var n = 0; ; n++)
        {
            var candidate = Path.Combine(target, n == 0 ? stem + extension : $"{stem}-{n}{extension}");
            try
            {
                File.Move(source, candidate, overwrite: false);
                return Path.Combine(ProcessedFolder, Path.GetFileName(candidate));
            }
            catch (IOException) when (File.Exists(candidate) && n < 1000)
            {
                // taken: try the next suffix
            }
        }
    }

    /// <summary>Writes an uploaded file into the folder under a hidden name, then renames it: collectors never see half a file.</summary>
    public static async Task<string> SaveUploadAsync(string folder, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(fileName);
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('.') || !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{fileName}' is not a .csv file name.");
        }

        var temp = Path.Combine(folder, $".upload-{Guid.NewGuid():N}");
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            await content.CopyToAsync(file, cancellationToken);
        }

        var target = Path.Combine(folder, name);
        for (var n = 1; File.Exists(target); n++)
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}-{n}{Path.GetExtension(name)}");
        }

        File.Move(temp, target, overwrite: false);
        return Path.GetFileName(target);
    }

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
