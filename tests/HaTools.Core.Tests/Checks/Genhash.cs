using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HaTools.Core.Tests.Checks;

/// <summary>Runs the real genhash (keepalived 2.2) and reads its digest, status line and failure text.</summary>
public static partial class Genhash
{
    public sealed record Outcome(string? Digest, int? Status, string Output);

    public static Outcome Run(string server, int port, string path, string? vhost = null, bool ssl = false, bool sni = false, string? protocol = null, bool verbose = true)
    {
        var psi = new ProcessStartInfo("genhash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-t", "5", "-s", server, "-p", port.ToString(), "-u", path }) psi.ArgumentList.Add(a);
        if (vhost != null) { psi.ArgumentList.Add("-V"); psi.ArgumentList.Add(vhost); }
        if (ssl) psi.ArgumentList.Add("-S");
        if (sni) psi.ArgumentList.Add("-I");
        if (protocol != null) { psi.ArgumentList.Add("-P"); psi.ArgumentList.Add(protocol); }
        if (verbose) psi.ArgumentList.Add("-v");
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception ex) { throw new InvalidOperationException("genhash is not installed (apt-get install keepalived)", ex); }
        using (p)
        {
            var stdoutTask = p.StandardOutput.ReadToEndAsync();
            var stderrTask = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(20000)) { p.Kill(true); throw new TimeoutException("genhash hung"); }
            var output = stdoutTask.Result + stderrTask.Result;
            var digest = DigestLine().Matches(output).Select(m => m.Value).LastOrDefault();
            int? status = null;
            var header = HeaderAscii().Match(output);
            if (header.Success) status = int.Parse(header.Groups[1].Value);
            return new Outcome(digest, status, output);
        }
    }

    [GeneratedRegex("(?m)^[0-9a-f]{32}$")]
    private static partial Regex DigestLine();

    [GeneratedRegex(@"HTTP Header Ascii Buffer \]-+\r?\n\S+ (\d+)")]
    private static partial Regex HeaderAscii();
}
