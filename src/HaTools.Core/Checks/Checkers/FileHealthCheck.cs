using System.Globalization;
using System.Text;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// FILE_CHECK: reads an integer from a file (keepalived's track_file). With weight 0: 0 is up, anything
/// else down. Otherwise value × weight (negated by reverse) is the weight change; at -254 or below the
/// server is down. A missing or unreadable file, or one that is not a number, reads as failure.
/// </summary>
public sealed class FileHealthCheck : IHealthCheck
{
    private const int MaxBytes = 64;
    private readonly string _path;
    private readonly int _weight;
    private readonly bool _reverse;
    private readonly bool _dynamic;

    public FileHealthCheck(string path, int weight = 1, bool reverse = false, bool dynamic = false)
    {
        _path = path;
        _weight = weight;
        _reverse = reverse;
        _dynamic = dynamic;
        Target = $"FILE_CHECK {path}";
    }

    public string Kind => "FILE_CHECK";

    public string Target { get; }

    public async Task<CheckAttempt> RunAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            await using var f = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
            var buf = new byte[MaxBytes];
            var n = await f.ReadAsync(buf, cancellationToken).ConfigureAwait(false);
            text = Encoding.ASCII.GetString(buf, 0, n).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CheckAttempt.Fail($"cannot read {_path}: {ex.Message}");
        }
        var firstWord = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        if (!long.TryParse(firstWord, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return CheckAttempt.Fail($"{_path} holds '{Truncate(text)}', not an integer");
        if (_weight == 0)
            return value == 0 ? CheckAttempt.Ok($"{_path} is 0") : CheckAttempt.Fail($"{_path} is {value}");
        var delta = Math.Clamp(value * _weight * (_reverse ? -1 : 1), int.MinValue, int.MaxValue);
        if (delta <= -254) return CheckAttempt.Fail($"{_path} is {value}: weight {delta} is -254 or below");
        return CheckAttempt.Ok($"{_path} is {value}: weight {delta:+0;-0;0}", weight: _dynamic ? (int)delta : null);
    }

    private static string Truncate(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
