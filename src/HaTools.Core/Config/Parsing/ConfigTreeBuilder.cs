namespace HaTools.Core.Config;

/// <summary>
/// Builds the block tree from logical lines with an explicit stack (never recursion): a '{' belongs to
/// the statement before it on the same line, or to the statement that ended the previous line.
/// Nesting deeper than the limit is skipped with one diagnostic, so 10k-deep braces cost nothing.
/// </summary>
internal static class ConfigTreeBuilder
{
    public static ConfigNode Build(IEnumerable<ConfigLine> lines, DiagnosticBag diags, int maxDepth)
    {
        var root = new ConfigNode("", null, 0, "", 0, 0) { Children = new List<ConfigNode>() };
        var args = new List<string>(8);
        var stack = new List<ConfigNode> { root };
        ConfigNode? candidate = null;
        int skip = 0;
        bool depthReported = false;
        foreach (var line in lines)
        {
            ConfigNode? current = null;
            // Arguments collect in a reused list and become an array when the statement ends.
            void Finish()
            {
                if (current != null && args.Count > 0) current.Args = args.ToArray();
                args.Clear();
            }
            foreach (var token in line.Tokens)
            {
                if (skip > 0)
                {
                    if (token.Kind == ConfigTokenKind.OpenBrace) skip++;
                    else if (token.Kind == ConfigTokenKind.CloseBrace) skip--;
                    continue;
                }
                switch (token.Kind)
                {
                    case ConfigTokenKind.Word:
                        if (current == null)
                        {
                            current = new ConfigNode(token.Text, line.File, line.Line, line.TextSource, line.TextStart, line.TextLength);
                            stack[^1].Children!.Add(current);
                        }
                        else args.Add(token.Text);
                        candidate = null;
                        break;
                    case ConfigTokenKind.OpenBrace:
                        Finish();
                        var owner = current ?? candidate;
                        current = null;
                        candidate = null;
                        if (owner == null || owner.Children != null)
                        {
                            diags.Warn(line.File, line.Line, DiagnosticCodes.UnexpectedOpenBrace, "Unexpected '{' with no keyword before it; block ignored.", line.Text);
                            skip = 1;
                            break;
                        }
                        if (stack.Count > maxDepth)
                        {
                            if (!depthReported)
                                diags.Error(line.File, line.Line, DiagnosticCodes.NestingTooDeep, $"Blocks nested deeper than {maxDepth}; the deeper content is ignored.", line.Text);
                            depthReported = true;
                            skip = 1;
                            break;
                        }
                        owner.Children = new List<ConfigNode>();
                        stack.Add(owner);
                        break;
                    case ConfigTokenKind.CloseBrace:
                        Finish();
                        current = null;
                        candidate = null;
                        if (stack.Count == 1)
                            diags.Error(line.File, line.Line, DiagnosticCodes.ExtraCloseBrace, "Extra '}' found.", line.Text);
                        else
                            stack.RemoveAt(stack.Count - 1);
                        break;
                }
            }
            Finish();
            candidate = current != null && current.Children == null ? current : null;
        }
        if (stack.Count > 1)
        {
            var open = stack[1];
            diags.Error(open.File, open.Line, DiagnosticCodes.MissingCloseBrace,
                $"{stack.Count - 1} block(s) not closed at end of input; '{open.Keyword}' opened here has no matching '}}'.", open.Text);
        }
        return root;
    }
}
