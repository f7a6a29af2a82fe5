// The framework floor: the least a Preact + Dexie + workbox-window PWA can be. It lists "courses"
// from IndexedDB, as Lentera's home does, so its offline relaunch is the fair baseline.
import Dexie from 'dexie';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Workbox } from 'workbox-window';

interface Course {
  id: string;
  title: string;
}

const db = new Dexie('floor', { chromeTransactionDurability: 'strict' });
db.version(1).stores({ courses: 'id' });
const courses = db.table<Course, string>('courses');

function Home() {
  const [list, setList] = useState<Course[] | null>(null);
  useEffect(() => {
    void (async () => {
      if ((await courses.count()) === 0)
        await courses.put({ id: 'perencanaan', title: 'Perencanaan Pembangunan Desa' });
      setList(await courses.toArray());
    })();
  }, []);
  return (
    <ul class="course-list">
      {list?.map((c) => (
        <li key={c.id}>{c.title}</li>
      ))}
    </ul>
  );
}

render(<Home />, document.getElementById('app')!);
if ('serviceWorker' in navigator) void new Workbox('/sw.js').register();
