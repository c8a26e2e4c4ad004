using System.Diagnostics;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace HaTools.Kernel.Tests.Harness;

/// <summary>
/// Runs this assembly's xunit tests in-process: <c>dotnet HaTools.Kernel.Tests.dll [--filter TEXT]</c>.
/// The VM uses it instead of vstest, whose runner and test host take minutes to start under TCG.
/// Prints one line per test, failures with their messages, and a closing
/// "N passed, N failed, N skipped" line; exits 1 on any failure or when nothing passed.
/// (`dotnet test` on the project still works through the usual vstest adapter.)
/// </summary>
public static class KernelTestRunner
{
    public static int Main(string[] args)
    {
        string? filter = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--filter" && i + 1 < args.Length) filter = args[++i];
            else
            {
                Console.Error.WriteLine("usage: dotnet HaTools.Kernel.Tests.dll [--filter TEXT]  (TEXT: part of the test's full name)");
                return 2;
            }
        }

        var clock = Stopwatch.StartNew();
        var assembly = typeof(KernelTestRunner).Assembly;
        var framework = new XunitTestFramework(new IgnoringSink());
        var discoveryOptions = new RunnerOptions();
        // One test case per theory row, so each scheduler/address case passes or fails by itself.
        discoveryOptions.SetValue("xunit.discovery.PreEnumerateTheories", true);
        var executionOptions = new RunnerOptions();
        executionOptions.SetValue("xunit.execution.DisableParallelization", true);

        var discovery = new DiscoverySink();
        using (var discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly)))
        {
            discoverer.Find(includeSourceInformation: false, discovery, discoveryOptions);
            discovery.Done.WaitOne();
        }
        var cases = discovery.TestCases
            .Where(tc => filter == null || (tc.TestMethod.TestClass.Class.Name + "." + tc.TestMethod.Method.Name).Contains(filter, StringComparison.OrdinalIgnoreCase))
            .ToList();
        Console.WriteLine($"kernel tests: {cases.Count} test cases discovered in {clock.Elapsed.TotalSeconds:0.0} s{(filter != null ? $" (filter '{filter}')" : "")}");

        var run = new ExecutionSink();
        using (var executor = framework.GetExecutor(new AssemblyName(assembly.FullName!)))
        {
            executor.RunTests(cases, run, executionOptions);
            run.Done.WaitOne();
        }

        foreach (var f in run.Failures) Console.WriteLine(f);
        Console.WriteLine($"kernel tests: {clock.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"{run.Passed} passed, {run.Failed} failed, {run.Skipped} skipped");
        return run.Failed == 0 && run.Passed > 0 ? 0 : 1;
    }

    private sealed class IgnoringSink : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message) => true;
    }

    private sealed class DiscoverySink : LongLivedMarshalByRefObject, IMessageSink
    {
        public List<ITestCase> TestCases { get; } = [];
        public ManualResetEvent Done { get; } = new(false);

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is ITestCaseDiscoveryMessage d) lock (TestCases) TestCases.Add(d.TestCase);
            if (message is IDiscoveryCompleteMessage) Done.Set();
            return true;
        }
    }

    private sealed class ExecutionSink : LongLivedMarshalByRefObject, IMessageSink
    {
        private readonly object _gate = new();
        public int Passed, Failed, Skipped;
        public List<string> Failures { get; } = [];
        public ManualResetEvent Done { get; } = new(false);

        public bool OnMessage(IMessageSinkMessage message)
        {
            lock (_gate)
            {
                switch (message)
                {
                    case ITestPassed p:
                        Passed++;
                        Console.WriteLine($"  Passed  {p.Test.DisplayName} [{p.ExecutionTime:0.00} s]");
                        break;
                    case ITestFailed f:
                        Failed++;
                        Console.WriteLine($"  FAILED  {f.Test.DisplayName} [{f.ExecutionTime:0.00} s]");
                        Failures.Add($"FAILED {f.Test.DisplayName}\n  {string.Join("\n  ", f.ExceptionTypes.Zip(f.Messages, (t, m) => t + ": " + m))}\n{string.Join("\n", f.StackTraces)}"
                            + (string.IsNullOrEmpty(f.Output) ? "" : "\n  output:\n" + f.Output));
                        break;
                    case ITestSkipped s:
                        Skipped++;
                        Console.WriteLine($"  Skipped {s.Test.DisplayName}: {s.Reason}");
                        break;
                    case IErrorMessage e:
                        // Errors outside any test (fixture constructors, catastrophic failures) count as failures.
                        Failed++;
                        Failures.Add($"ERROR {string.Join("\n  ", e.ExceptionTypes.Zip(e.Messages, (t, m) => t + ": " + m))}\n{string.Join("\n", e.StackTraces)}");
                        break;
                    case ITestAssemblyFinished:
                        Done.Set();
                        break;
                }
            }
            return true;
        }
    }

    /// <summary>The option bag xunit's discoverer and executor read ("xunit.discovery.*", "xunit.execution.*").</summary>
    private sealed class RunnerOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> _values = [];

        public TValue GetValue<TValue>(string name) =>
            _values.TryGetValue(name, out var v) && v is TValue t ? t : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }
}
