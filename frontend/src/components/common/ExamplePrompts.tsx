import { Link } from 'react-router';

/** Example questions that pre-fill the quick-ask (`?ask=`) when clicked (08 §9). */
export function ExamplePrompts({ prompts }: { prompts: readonly string[] }) {
  return (
    <ul className="flex flex-col gap-2 text-left">
      {prompts.map((prompt) => (
        <li key={prompt}>
          <Link to={{ search: `?ask=${encodeURIComponent(prompt)}` }} className="text-ui">
            “{prompt}”
          </Link>
        </li>
      ))}
    </ul>
  );
}
