using System.Diagnostics;

namespace HaTools.Network.Tests;

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until true or <paramref name="timeout"/>; returns the final value.</summary>
    public static bool Until(Func<bool> condition, TimeSpan timeout, int pollMs = 20)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(pollMs);
        }

        return condition();
    }
}
