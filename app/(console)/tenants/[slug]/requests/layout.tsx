import { createSectionLayout } from '../section-layout';

export default createSectionLayout('audit.read');
