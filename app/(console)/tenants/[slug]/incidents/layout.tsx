import { createSectionLayout } from '../section-layout';

export default createSectionLayout('incidents.read');
